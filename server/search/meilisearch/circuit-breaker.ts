// Fails fast while a search server is down. Without it, a server that accepts connections but never
// answers makes every search wait the full request timeout, and a crowd of waiting requests piles
// up behind it. After `failureThreshold` consecutive failures the breaker opens: calls fail at once
// with SearchUnavailableError, a background probe asks the server every `probeIntervalMs`, and the
// first probe that succeeds closes the breaker again.

import { SearchUnavailableError } from '../../errors.ts';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the breaker. */
  failureThreshold: number;
  /** Time between two probes while open. */
  probeIntervalMs: number;
  /** Resolves when the server answers; rejects otherwise. Should have a short timeout of its own. */
  probe: () => Promise<void>;
  /** Told when the breaker opens or closes, for the logs. */
  onStateChange?: (state: CircuitState, reason: string) => void;
  now?: () => number;
}

export type CircuitState = 'closed' | 'open';

/** The public reason given while the breaker is open: no host, no URL, no credentials. */
export const OPEN_CIRCUIT_MESSAGE = 'search is temporarily unavailable: the search engine is not answering; retrying in the background';

export class CircuitBreaker {
  readonly #options: CircuitBreakerOptions;
  #consecutiveFailures = 0;
  #state: CircuitState = 'closed';
  #openedAt = 0;
  #probeTimer: NodeJS.Timeout | undefined;
  #probing = false;
  #closed = false;

  constructor(options: CircuitBreakerOptions) {
    this.#options = options;
  }

  get state(): CircuitState {
    return this.#state;
  }

  get consecutiveFailures(): number {
    return this.#consecutiveFailures;
  }

  /**
   * Runs `call` unless the breaker is open. `isOutage` tells an outage (no answer, 5xx) from an
   * error the server answered deliberately (a bad filter): only outages count towards opening.
   */
  async run<T>(call: () => Promise<T>, isOutage: (error: unknown) => boolean): Promise<T> {
    if (this.#state === 'open') {
      const openForMs = (this.#options.now ?? Date.now)() - this.#openedAt;
      throw new SearchUnavailableError(`search unavailable: circuit open for ${openForMs} ms after ${this.#consecutiveFailures} consecutive failures`, {
        publicMessage: OPEN_CIRCUIT_MESSAGE,
      });
    }
    try {
      const result = await call();
      this.#consecutiveFailures = 0;
      return result;
    } catch (error) {
      if (isOutage(error)) this.#recordFailure(error);
      throw error;
    }
  }

  #recordFailure(error: unknown): void {
    this.#consecutiveFailures += 1;
    if (this.#state === 'closed' && this.#consecutiveFailures >= this.#options.failureThreshold && !this.#closed) {
      this.#state = 'open';
      this.#openedAt = (this.#options.now ?? Date.now)();
      const reason = error instanceof Error ? error.message : String(error);
      this.#options.onStateChange?.('open', `${this.#consecutiveFailures} consecutive failures, the last: ${reason}`);
      this.#scheduleProbe();
    }
  }

  #scheduleProbe(): void {
    if (this.#closed) return;
    this.#probeTimer = setTimeout(() => void this.#runProbe(), this.#options.probeIntervalMs);
    // A probe must never keep the process alive on its own.
    this.#probeTimer.unref();
  }

  async #runProbe(): Promise<void> {
    if (this.#probing || this.#closed) return;
    this.#probing = true;
    try {
      await this.#options.probe();
      this.#state = 'closed';
      this.#consecutiveFailures = 0;
      this.#options.onStateChange?.('closed', 'the search engine answered a probe');
    } catch {
      this.#scheduleProbe();
    } finally {
      this.#probing = false;
    }
  }

  /** Stops probing (the engine is closing). */
  dispose(): void {
    this.#closed = true;
    if (this.#probeTimer) clearTimeout(this.#probeTimer);
  }
}
