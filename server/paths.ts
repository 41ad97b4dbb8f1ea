// Where the site's folders are. From these sources (server/ under the root) or from the bundle that
// `npm start` runs (scripts/start.mjs), whose build writes the way from its folder to the root into
// CONTREPOINT_BUNDLE_ROOT, since every module of a bundle shares the bundle's own address.

import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Replaced by esbuild when bundling (a path relative to the bundle's folder); absent in the sources. */
declare const CONTREPOINT_BUNDLE_ROOT: string | undefined;

const HERE = path.dirname(fileURLToPath(import.meta.url));

export const ROOT_DIR = path.resolve(HERE, typeof CONTREPOINT_BUNDLE_ROOT === 'string' ? CONTREPOINT_BUNDLE_ROOT : '..');
