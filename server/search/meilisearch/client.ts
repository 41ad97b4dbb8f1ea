// How every Meilisearch client of Contrepoint is made: one place for the options that matter to
// latency, so the site, the index script, the evaluation and the tests ask the server alike.

import { Meilisearch, type Config } from 'meilisearch';

/**
 * Sent with every request: ask for the answer uncompressed.
 *
 * Node's fetch asks for `gzip, deflate` by default. Meilisearch then compresses its answer as a
 * stream: it writes the headers, and the compressed body in a second write, on a socket without
 * TCP_NODELAY. The second write waits for the client's acknowledgement of the first (Nagle), and
 * Linux delays that acknowledgement by about 40 ms once a connection leaves its quick-ack start:
 * measured on loopback against Meilisearch 1.50, a search took 47-50 ms through the client with
 * the default header and 3-4 ms with this one, while the server itself spent under 1 ms
 * (docs/benchmark.md, "Meilisearch through the site"). An uncompressed answer is written at once.
 * Answers are small (a page of cropped hits), so compression bought nothing on a local network.
 */
export const MEILISEARCH_REQUEST_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'Accept-Encoding': 'identity' });

export interface ClientOptions {
  host: string;
  apiKey?: string | undefined;
  /** Timeout of each HTTP request. */
  timeoutMs: number;
  defaultWaitOptions?: Config['defaultWaitOptions'];
}

export function meilisearchClient(options: ClientOptions): Meilisearch {
  return new Meilisearch({
    host: options.host,
    apiKey: options.apiKey,
    timeout: options.timeoutMs,
    requestInit: { headers: { ...MEILISEARCH_REQUEST_HEADERS } },
    ...(options.defaultWaitOptions ? { defaultWaitOptions: options.defaultWaitOptions } : {}),
  });
}
