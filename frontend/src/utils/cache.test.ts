import { describe, expect, it } from "vitest";
import { TtlCache } from "./cache";

describe("TtlCache", () => {
  it("marks entries stale after the ttl but keeps them", () => {
    let now = 1_000;
    const cache = new TtlCache<string>(100, 10, () => now);
    cache.set("/api/incidents", "page");
    expect(cache.get("/api/incidents")).toEqual({ value: "page", storedAt: 1_000, fresh: true });
    now += 100;
    expect(cache.get("/api/incidents")).toMatchObject({ value: "page", fresh: false });
    expect(cache.get("/missing")).toBeUndefined();
  });

  it("evicts the least recently used entry beyond its size", () => {
    const cache = new TtlCache<number>(1_000, 2);
    cache.set("a", 1);
    cache.set("b", 2);
    cache.get("a"); // a is now more recent than b
    cache.set("c", 3);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")?.value).toBe(1);
    expect(cache.get("c")?.value).toBe(3);
    expect(cache.size).toBe(2);
  });

  it("invalidates by prefix", () => {
    const cache = new TtlCache<number>(1_000);
    cache.set("/api/incidents?page=1", 1);
    cache.set("/api/incidents/7/timeline", 2);
    cache.set("/api/services", 3);
    cache.invalidate("/api/incidents");
    expect(cache.size).toBe(1);
    expect(cache.get("/api/services")?.value).toBe(3);
    cache.invalidate();
    expect(cache.size).toBe(0);
  });
});
