// The shared search contract, run against the embedded engine (no server needed).

import { EmbeddedEngine } from '../../server/search/embedded/embedded-engine.ts';
import { runSearchContract } from './search-contract.ts';

runSearchContract('embedded', async () => new EmbeddedEngine({ cacheDir: null }));
