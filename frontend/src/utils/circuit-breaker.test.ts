import { describe, expect, it } from "vitest";
import { CircuitBreaker, CircuitOpenError, type BreakerState } from "./circuit-breaker";

const fail = async (): Promise<never> => {
  throw new Error("down");
};
const always = () => true;

describe("CircuitBreaker", () => {
  function setup() {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 1_000, now: () => now });
    const changes: BreakerState[] = [];
    breaker.onChange((state) => changes.push(state));
    return { breaker, changes, advance: (ms: number) => (now += ms) };
  }

  it("opens after consecutive failures and fails fast while open", async () => {
    const { breaker, changes } = setup();
    for (let i = 0; i < 3; i += 1) await expect(breaker.exec(fail, always)).rejects.toThrow("down");
    expect(breaker.state).toBe("open");
    expect(changes).toEqual(["open"]);
    let called = false;
    const call = async () => {
      called = true;
      return 1;
    };
    await expect(breaker.exec(call, always)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(called).toBe(false);
  });

  it("a success resets the count; answers that are not failures count as successes", async () => {
    const { breaker } = setup();
    await expect(breaker.exec(fail, always)).rejects.toThrow();
    await expect(breaker.exec(fail, always)).rejects.toThrow();
    await expect(breaker.exec(fail, () => false)).rejects.toThrow(); // e.g. a 404: an answer
    await expect(breaker.exec(fail, always)).rejects.toThrow();
    expect(breaker.state).toBe("closed");
  });

  it("half-opens after the cooldown: one trial closes it or opens it again", async () => {
    const { breaker, changes, advance } = setup();
    for (let i = 0; i < 3; i += 1) await expect(breaker.exec(fail, always)).rejects.toThrow();
    advance(1_000);
    expect(breaker.state).toBe("half-open");
    await expect(breaker.exec(fail, always)).rejects.toThrow("down");
    expect(breaker.state).toBe("open");
    advance(1_000);
    let release: (value: string) => void = () => undefined;
    const trial = breaker.exec(() => new Promise<string>((r) => (release = r)), always);
    await expect(breaker.exec(async () => "second", always)).rejects.toBeInstanceOf(
      CircuitOpenError,
    );
    release("ok");
    await expect(trial).resolves.toBe("ok");
    expect(breaker.state).toBe("closed");
    expect(changes).toEqual(["open", "open", "closed"]); // reported as calls change it
  });
});
