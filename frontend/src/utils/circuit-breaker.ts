/** A circuit breaker: after `failureThreshold` failures in a row it opens and fails calls at
 * once for `cooldownMs`; then it lets one trial call through (half-open), closing on success
 * and opening again on failure. Which errors count as failures is the caller's choice (a 404 is
 * an answer, a timeout is not). */
export type BreakerState = "closed" | "open" | "half-open";

export class CircuitOpenError extends Error {
  constructor(readonly retryAt: number) {
    super("The API is not answering; calls are paused for a moment");
    this.name = "CircuitOpenError";
  }
}

export interface BreakerOptions {
  failureThreshold: number;
  cooldownMs: number;
  now?: () => number;
}

export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;
  private readonly listeners = new Set<(state: BreakerState) => void>();
  private readonly now: () => number;

  constructor(private readonly options: BreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  get state(): BreakerState {
    if (this.openedAt === null) return "closed";
    return this.now() - this.openedAt >= this.options.cooldownMs ? "half-open" : "open";
  }

  onChange(listener: (state: BreakerState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async exec<T>(call: () => Promise<T>, isFailure: (error: unknown) => boolean): Promise<T> {
    const state = this.state;
    if (state === "open" || (state === "half-open" && this.trialInFlight)) {
      throw new CircuitOpenError((this.openedAt ?? 0) + this.options.cooldownMs);
    }
    this.trialInFlight = state === "half-open";
    try {
      const result = await call();
      this.record(true);
      return result;
    } catch (error) {
      this.record(!isFailure(error));
      throw error;
    } finally {
      this.trialInFlight = false;
    }
  }

  private record(ok: boolean): void {
    const before = this.state;
    if (ok) {
      this.failures = 0;
      this.openedAt = null;
    } else {
      this.failures += 1;
      if (before === "half-open" || this.failures >= this.options.failureThreshold) {
        this.openedAt = this.now();
      }
    }
    const after = this.state;
    if (after !== before) this.listeners.forEach((listener) => listener(after));
  }
}
