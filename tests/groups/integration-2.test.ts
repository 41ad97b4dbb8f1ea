// Share 2 of 2 of the "integration" test files, in this one process (see import-test-files.ts).
import { importGroup } from './import-test-files.ts';

await importGroup('integration', 2, 2);
