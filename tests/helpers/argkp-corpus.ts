// The bundled corpus plus the IBM ArgKP development split, imported with the real CLI (in this process,
// tests/helpers/run-cli.ts) into a temp folder (README "Importing a dataset"): 932 more units in one debate, with a licence and a
// citation in its front matter. Skipped with the reason when the dataset is not on this machine.

import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { copyCorpus, runCli } from './run-cli.ts';
import { BUNDLED_DATA_DIR, ROOT_DIR, startApp, type StartedApp } from './start-app.ts';

export const ARGKP_DIR = path.resolve(ROOT_DIR, '../shared/datasets/ibm-argkp-dev');
export const ARGKP_SKIP: string | false = existsSync(path.join(ARGKP_DIR, 'arguments_dev.csv')) ? false : `the IBM ArgKP dev split is not at ${ARGKP_DIR}`;
export const ARGKP_SLUG = 'argkp-dev';

/** The import of the split as the README gives it, with the licence's address (`--data` left to the caller). */
export const ARGKP_IMPORT_ARGS: readonly string[] = [
  '--format',
  'csv',
  path.join(ARGKP_DIR, 'arguments_dev.csv'),
  '--slug',
  ARGKP_SLUG,
  '--title',
  'IBM Debater ArgKP, development split',
  '--date',
  '2020',
  '--key-points',
  path.join(ARGKP_DIR, 'key_points_dev.csv'),
  '--labels',
  path.join(ARGKP_DIR, 'labels_dev.csv'),
  '--licence',
  'CDLA-Sharing-1.0',
  '--licence-url',
  'https://cdla.io/sharing-1-0/',
  '--citation',
  'Bar-Haim et al., From Arguments to Key Points, ACL 2020',
];

/** A temp data folder holding data/ and the imported split; `remove` deletes it. */
export async function argkpDataDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const { data: dir, dir: root } = await copyCorpus(BUNDLED_DATA_DIR, 'contrepoint-argkp-');
  const run = await runCli('import', [...ARGKP_IMPORT_ARGS, '--data', dir]);
  if (run.code !== 0) throw new Error(`npm run import of the ArgKP split failed (exit code ${run.code}): ${run.stderr}`);
  return { dir, remove: () => rm(root, { recursive: true, force: true }) };
}

/** The app on port 0 over such a folder; its `close` also deletes the folder. */
export async function startArgkpApp(): Promise<StartedApp> {
  const data = await argkpDataDir();
  try {
    const app = await startApp({ dataDir: data.dir });
    return {
      ...app,
      close: async () => {
        await app.close();
        await data.remove();
      },
    };
  } catch (error) {
    await data.remove();
    throw error;
  }
}
