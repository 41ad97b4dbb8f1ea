// The integration files that run the real server and scripts as child processes, in this one
// process (see import-test-files.ts).
import { importGroup } from './import-test-files.ts';

await importGroup('processes', 1, 1);
