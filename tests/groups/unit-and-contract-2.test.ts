// Share 2 of 2 of the "unit-and-contract" test files, in this one process (see import-test-files.ts).
import { importGroup } from './import-test-files.ts';

await importGroup('unit-and-contract', 2, 2);
