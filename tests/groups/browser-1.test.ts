// The browser test files, in this one process and one Chromium (see import-test-files.ts).
import { importGroup } from './import-test-files.ts';

await importGroup('browser', 1, 1);
