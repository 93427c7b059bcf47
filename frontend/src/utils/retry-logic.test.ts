import { describe, expect, it, vi } from "vitest";
import { backoffDelay, retry } from "./retry-logic";

describe("backoffDelay", () => {
  it("grows exponentially up to the cap, scaled by jitter", () => {
    const top = () => 0.999999;
    expect([0, 1, 2, 3, 10].map((n) => backoffDelay(n, 100, 1_000, top))).toEqual([
      99, 199, 399, 799, 999,
    ]);
    expect(backoffDelay(3, 100, 1_000, () => 0)).toBe(0);
    expect(backoffDelay(2, 100, 1_000, () => 0.5)).toBe(200);
  });

  it("spreads clients apart", () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4, 100, 10_000)));
    expect(delays.size).toBeGreaterThan(40);
    for (const delay of delays) expect(delay).toBeLessThan(1_600);
  });
});

describe("retry", () => {
  const options = { retries: 3, baseMs: 100, maxMs: 1_000, random: () => 0.5 };

  it("retries transient failures with backoff, then succeeds", async () => {
    const sleep = vi.fn(async () => undefined);
    const op = vi
      .fn<(attempt: number) => Promise<string>>()
      .mockRejectedValueOnce(new Error("503"))
      .mockRejectedValueOnce(new Error("503"))
      .mockResolvedValue("ok");
    await expect(retry(op, { ...options, shouldRetry: () => true, sleep })).resolves.toBe("ok");
    expect(op.mock.calls.map(([attempt]) => attempt)).toEqual([0, 1, 2]);
    expect(sleep.mock.calls).toEqual([[50], [100]]);
  });

  it("gives up after the last retry with the last error", async () => {
    const sleep = vi.fn(async () => undefined);
    let n = 0;
    const op = async () => {
      n += 1;
      throw new Error(`failure ${n}`);
    };
    await expect(retry(op, { ...options, shouldRetry: () => true, sleep })).rejects.toThrow(
      "failure 4",
    );
    expect(sleep).toHaveBeenCalledTimes(3);
  });

  it("does not retry what should not be retried", async () => {
    const sleep = vi.fn(async () => undefined);
    const op = vi.fn(async () => {
      throw new Error("422");
    });
    await expect(retry(op, { ...options, shouldRetry: () => false, sleep })).rejects.toThrow(
      "422",
    );
    expect(op).toHaveBeenCalledTimes(1);
    expect(sleep).not.toHaveBeenCalled();
  });
});
