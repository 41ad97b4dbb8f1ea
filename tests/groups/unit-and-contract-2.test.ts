// The unit and contract test files, second half, in this one process (see import-test-files.ts).
import { importTestFiles, testFiles } from './import-test-files.ts';

await importTestFiles(testFiles(['unit', 'contract']), 2, 2);
