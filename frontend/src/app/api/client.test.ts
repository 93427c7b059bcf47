import { describe, expect, it, vi } from "vitest";
import { CircuitBreaker, CircuitOpenError } from "../../utils/circuit-breaker";
import { ApiClient, ApiError, buildUrl } from "./client";
import { TokenStore } from "./tokens";

type Reply = { status: number; body?: unknown } | "network";

function json(status: number, body?: unknown): Response {
  return new Response(status === 204 ? null : JSON.stringify(body ?? {}), {
    status,
    headers: { "content-type": "application/json" },
  });
}

function setup(replies: Reply[], options: { threshold?: number } = {}) {
  const calls: { url: string; auth: string | null; method: string }[] = [];
  const fetchImpl = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    calls.push({ url: String(url), auth: headers.Authorization ?? null, method: init?.method ?? "GET" });
    const reply = replies.shift() ?? { status: 500 };
    if (reply === "network") throw new TypeError("Failed to fetch");
    return json(reply.status, reply.body);
  });
  const tokens = new TokenStore(localStorage);
  tokens.set({ access_token: "access-1", refresh_token: "refresh-1" });
  const client = new ApiClient({
    fetch: fetchImpl as unknown as typeof fetch,
    tokens,
    sleep: async () => undefined,
    breaker: new CircuitBreaker({ failureThreshold: options.threshold ?? 10, cooldownMs: 60_000 }),
  });
  return { client, calls, tokens };
}

const page = (title: string) => ({ items: [{ title }], total: 1, page: 1, per_page: 25 });

describe("buildUrl", () => {
  it("fills path parameters and drops empty query values", () => {
    expect(
      buildUrl("/api/incidents/{incident_id}/timeline", { incident_id: "a b" }, { page: 2, x: "" }),
    ).toBe("/api/incidents/a%20b/timeline?page=2");
  });
});

describe("ApiClient", () => {
  it("calls typed operations with the bearer token", async () => {
    const { client, calls } = setup([{ status: 200, body: page("db down") }]);
    const answer = await client.call("get", "/api/incidents", { query: { status: "open", page: 1 } });
    expect(answer.items[0]?.title).toBe("db down");
    expect(calls).toEqual([
      { url: "/api/incidents?status=open&page=1", auth: "Bearer access-1", method: "GET" },
    ]);
  });

  it("turns the error envelope into an ApiError and does not retry answers", async () => {
    const { client, calls } = setup([
      { status: 409, body: { error: { code: "timeline_locked", message: "locked", details: null } } },
    ]);
    const error = await client
      .call("post", "/api/incidents/{incident_id}/timeline", {
        path: { incident_id: "i1" },
        body: { title: "note" },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: "timeline_locked" });
    expect(calls).toHaveLength(1);
  });

  it("retries transient GET failures", async () => {
    const { client, calls } = setup(["network", { status: 503 }, { status: 200, body: page("ok") }]);
    const answer = await client.call("get", "/api/incidents", {});
    expect(answer.items[0]?.title).toBe("ok");
    expect(calls).toHaveLength(3);
    expect(client.getStatus().degraded).toBe(false);
  });

  it("does not retry a 503 that names its cause, nor count it against the API", async () => {
    const { client, calls } = setup(
      [{ status: 503, body: { error: { code: "prometheus_not_configured", message: "set PROMETHEUS_URL" } } }],
      { threshold: 1 },
    );
    await expect(client.call("get", "/api/slos/{slo_id}/status", { path: { slo_id: "s" } })).rejects.toMatchObject({
      code: "prometheus_not_configured",
    });
    expect(calls).toHaveLength(1);
    expect(client.breaker.state).toBe("closed");
  });

  it("refreshes the access token once on a 401 and repeats the request", async () => {
    const { client, calls, tokens } = setup([
      { status: 401, body: { error: { code: "token_expired", message: "expired" } } },
      { status: 200, body: { access_token: "access-2", token_type: "Bearer", expires_in: 900 } },
      { status: 200, body: page("after refresh") },
    ]);
    const answer = await client.call("get", "/api/incidents", {});
    expect(answer.items[0]?.title).toBe("after refresh");
    expect(calls.map((c) => [c.url, c.auth])).toEqual([
      ["/api/incidents", "Bearer access-1"],
      ["/api/auth/refresh", "Bearer refresh-1"],
      ["/api/incidents", "Bearer access-2"],
    ]);
    expect(tokens.get()).toEqual({ access_token: "access-2", refresh_token: "refresh-1" });
  });

  it("signs out when the refresh token is refused", async () => {
    const { client, tokens } = setup([
      { status: 401, body: { error: { code: "token_expired", message: "expired" } } },
      { status: 401, body: { error: { code: "token_revoked", message: "revoked" } } },
    ]);
    await expect(client.call("get", "/api/auth/me", {})).rejects.toMatchObject({ status: 401 });
    expect(tokens.get()).toBeNull();
  });

  it("serves the last good answer while the API is down and reports degraded", async () => {
    const { client } = setup([{ status: 200, body: page("cached") }, "network", "network", "network", "network"]);
    const statuses: boolean[] = [];
    client.onStatus((s) => statuses.push(s.degraded));
    await client.call("get", "/api/incidents", {});
    const stale = await client.call("get", "/api/incidents", {});
    expect(stale.items[0]?.title).toBe("cached");
    expect(client.getStatus().degraded).toBe(true);
    expect(client.getStatus().staleSince).toEqual(expect.any(Number));
    expect(statuses).toEqual([true]);
  });

  it("fails fast once the breaker opens, without calling the API", async () => {
    const { client, calls } = setup(["network", "network"], { threshold: 2 });
    // two failures open the breaker, which also ends the retries
    await expect(client.call("get", "/api/services", {})).rejects.toBeInstanceOf(CircuitOpenError);
    expect(calls).toHaveLength(2);
    expect(client.breaker.state).toBe("open");
    expect(client.getStatus().degraded).toBe(true);
    const before = calls.length;
    await expect(client.call("get", "/api/services", {})).rejects.toThrow(/paused/);
    expect(calls.length).toBe(before);
  });

  it("does not retry writes, and a write clears cached reads of that resource", async () => {
    const { client, calls } = setup([
      { status: 200, body: page("v1") },
      "network",
      { status: 200, body: page("v2") },
    ]);
    await client.call("get", "/api/incidents", {});
    await expect(
      client.call("post", "/api/incidents", { body: { title: "x", severity: "low" } }),
    ).rejects.toMatchObject({ status: 0 });
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(1);
    expect((await client.call("get", "/api/incidents", {})).items[0]?.title).toBe("v2");
  });
});
