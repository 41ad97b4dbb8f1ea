/** A SHA-256 (hex) of the sources under server/, package-lock.json and the Node version: see code-fingerprint.mjs. */
export function computeCodeFingerprint(rootDir: string): Promise<string>;
