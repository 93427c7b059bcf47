/** Retries with exponential backoff and full jitter: attempt n waits a random time in
 * [0, min(maxMs, baseMs * 2^n)), so clients that failed together do not retry together. */
export interface RetryOptions {
  retries: number;
  baseMs: number;
  maxMs: number;
  shouldRetry: (error: unknown, attempt: number) => boolean;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export function backoffDelay(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

export async function retry<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const wait = options.sleep ?? sleep;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= options.retries || !options.shouldRetry(error, attempt)) throw error;
      await wait(backoffDelay(attempt, options.baseMs, options.maxMs, options.random));
    }
  }
}
