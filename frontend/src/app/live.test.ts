import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeEventSource } from "../test-utils";
import { LiveFeed, type LiveMessage, type LiveStatus } from "./live";

function setup(tokens: (string | null)[] = ["t1", "t2", "t3"]) {
  const token = vi.fn(async () => tokens.shift() ?? null);
  const feed = new LiveFeed({
    token,
    EventSourceImpl: FakeEventSource as unknown as typeof EventSource,
    backoffBaseMs: 1_000,
    random: () => 0.5,
  });
  const messages: LiveMessage[] = [];
  const statuses: LiveStatus[] = [];
  feed.onMessage((m) => messages.push(m));
  feed.onStatus((s) => statuses.push(s));
  return { feed, token, messages, statuses };
}

const latest = () => FakeEventSource.latest();
const change = { incident: { id: "i1" }, events: [] };

describe("LiveFeed", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeEventSource.instances = [];
  });
  afterEach(() => vi.useRealTimers());

  it("connects with the token in the URL and forwards incident changes", async () => {
    const { feed, messages, statuses } = setup();
    feed.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(latest().url).toBe("/api/events/stream?access_token=t1");
    latest().send("ready", {});
    latest().send("incident", change);
    expect(statuses).toEqual(["live"]);
    expect(messages).toEqual([{ kind: "resync" }, { kind: "change", change }]);
    feed.stop();
  });

  it("lets the browser reconnect after a stream ends, without a resync", async () => {
    const { feed, messages, token } = setup();
    feed.start();
    await vi.advanceTimersByTimeAsync(0);
    latest().send("ready", {});
    latest().fail(FakeEventSource.CONNECTING);
    latest().send("ready", {});
    expect(FakeEventSource.instances).toHaveLength(1);
    expect(token).toHaveBeenCalledTimes(1);
    expect(messages).toEqual([{ kind: "resync" }]);
    feed.stop();
  });

  it("falls back to polling when refused, then reconnects with a fresh token and resyncs", async () => {
    const { feed, messages, statuses } = setup();
    feed.start();
    await vi.advanceTimersByTimeAsync(0);
    latest().send("ready", {});
    latest().fail(FakeEventSource.CLOSED);
    expect(statuses).toEqual(["live", "polling"]);
    await vi.advanceTimersByTimeAsync(499);
    expect(FakeEventSource.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(latest().url).toBe("/api/events/stream?access_token=t2");
    latest().send("ready", {});
    expect(statuses).toEqual(["live", "polling", "live"]);
    expect(messages).toEqual([{ kind: "resync" }, { kind: "resync" }]);
    feed.stop();
  });

  it("backs off further while it keeps failing, and waits while signed out", async () => {
    const { feed, token } = setup([null, null, "t"]);
    feed.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeEventSource.instances).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(500); // attempt 0: half of 1 s
    expect(token).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(999); // attempt 1: half of 2 s
    expect(token).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(token).toHaveBeenCalledTimes(3);
    expect(FakeEventSource.instances).toHaveLength(1);
    feed.stop();
    expect(latest().readyState).toBe(FakeEventSource.CLOSED);
  });

  it("a restart while a connect waits for its token opens one stream, not two", async () => {
    const { feed } = setup();
    feed.start();
    feed.stop();
    feed.start(); // what React's StrictMode does to effects
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeEventSource.instances.map((s) => s.url)).toEqual(["/api/events/stream?access_token=t2"]);
    feed.stop();
  });
});
