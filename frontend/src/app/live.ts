/** Live incident changes from `GET /api/events/stream` (Server-Sent Events).
 *
 * EventSource cannot send headers, so the access token goes in the URL (`?access_token=`; the
 * server accepts it on that route alone). Each stream lasts a while and ends; the browser
 * reconnects by itself with `Last-Event-ID`, so nothing is lost. When the server refuses (expired
 * token, too many streams) or cannot be reached, the EventSource closes: the feed then reports
 * `polling` (views refresh on a timer meanwhile), gets a fresh token and reconnects after a
 * backoff with jitter; once back it asks views to resync, since changes may have been missed. */
import { backoffDelay } from "../utils/retry-logic";
import type { IncidentChange } from "./api/types";

export type LiveStatus = "connecting" | "live" | "polling";

export type LiveMessage = { kind: "change"; change: IncidentChange } | { kind: "resync" };

export interface LiveFeedOptions {
  url?: string;
  /** A currently valid access token (refreshed if need be), or null when signed out. */
  token: () => Promise<string | null>;
  EventSourceImpl?: typeof EventSource;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  random?: () => number;
}

export class LiveFeed {
  private source: EventSource | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private missedSome = true;
  private stopped = true;
  private generation = 0; // bumped by stop(): a connect begun before it must not go on
  private status: LiveStatus = "connecting";
  private readonly messageListeners = new Set<(message: LiveMessage) => void>();
  private readonly statusListeners = new Set<(status: LiveStatus) => void>();

  constructor(private readonly options: LiveFeedOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect(this.generation);
  }

  stop(): void {
    this.stopped = true;
    this.generation += 1;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.source?.close();
    this.source = null;
  }

  getStatus(): LiveStatus {
    return this.status;
  }

  onMessage(listener: (message: LiveMessage) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  onStatus(listener: (status: LiveStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  private async connect(generation: number): Promise<void> {
    let token: string | null = null;
    try {
      token = await this.options.token();
    } catch {
      // the API is unreachable: handled like a refused stream below
    }
    if (this.stopped || generation !== this.generation) return;
    if (token === null) {
      this.scheduleReconnect();
      return;
    }
    const Impl = this.options.EventSourceImpl ?? EventSource;
    const url = `${this.options.url ?? "/api/events/stream"}?access_token=${encodeURIComponent(token)}`;
    const source = new Impl(url);
    this.source = source;
    source.addEventListener("ready", () => {
      this.attempt = 0;
      this.setStatus("live");
      if (this.missedSome) this.emit({ kind: "resync" });
      this.missedSome = false;
    });
    source.addEventListener("incident", (event) => {
      this.emit({ kind: "change", change: JSON.parse((event as MessageEvent<string>).data) });
    });
    source.onerror = () => {
      // CONNECTING: the stream ended and the browser is reconnecting on its own; CLOSED: refused.
      if (source.readyState !== Impl.CLOSED || this.source !== source) return;
      source.close();
      this.source = null;
      this.missedSome = true;
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    this.setStatus("polling");
    const delay = backoffDelay(
      this.attempt,
      this.options.backoffBaseMs ?? 1_000,
      this.options.backoffMaxMs ?? 30_000,
      this.options.random,
    );
    this.attempt += 1;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect(this.generation);
    }, delay);
  }

  private setStatus(status: LiveStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.statusListeners.forEach((listener) => listener(status));
  }

  private emit(message: LiveMessage): void {
    this.messageListeners.forEach((listener) => listener(message));
  }
}
