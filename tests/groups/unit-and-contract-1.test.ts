// The unit and contract test files, first half, in this one process (see import-test-files.ts).
import { importTestFiles, testFiles } from './import-test-files.ts';

await importTestFiles(testFiles(['unit', 'contract']), 1, 2);
