/** Helpers for component tests: a fake API behind the real client, a driveable EventSource
 * behind the real live feed, and a render with every provider the screens need. */
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter, Route, Routes } from "react-router-dom";
import { ApiClient } from "./app/api/client";
import { TokenStore } from "./app/api/tokens";
import type { Incident, Role } from "./app/api/types";
import { AuthProvider } from "./app/auth";
import { AppServicesProvider } from "./app/context";
import { LiveFeed } from "./app/live";

export class FakeEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static instances: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  onerror: (() => void) | null = null;

  constructor(readonly url: string) {
    super();
    FakeEventSource.instances.push(this);
  }

  static latest(): FakeEventSource {
    const source = FakeEventSource.instances.at(-1);
    if (source === undefined) throw new Error("no EventSource was opened");
    return source;
  }

  close(): void {
    this.readyState = FakeEventSource.CLOSED;
  }

  send(type: string, data: unknown): void {
    this.readyState = FakeEventSource.OPEN;
    this.dispatchEvent(new MessageEvent(type, { data: JSON.stringify(data) }));
  }

  fail(readyState: number): void {
    this.readyState = readyState;
    this.onerror?.();
  }
}

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

type Handler = unknown | ((call: Call) => unknown);

/** A client whose requests are answered by `routes` ("GET /api/incidents": body or function). */
export function fakeApi(routes: Record<string, Handler>, role: Role = "admin") {
  const calls: Call[] = [];
  const user = { id: "u1", username: "ada", email: "ada@example.com", role, is_active: true };
  const all: Record<string, Handler> = { "GET /api/auth/me": user, ...routes };
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), "http://rootline.test");
    const method = init?.method ?? "GET";
    const call = { method, path: url.pathname, query: url.searchParams, body: init?.body ? JSON.parse(String(init.body)) : undefined };
    calls.push(call);
    const handler = all[`${method} ${url.pathname}`];
    if (handler === undefined) {
      return new Response(JSON.stringify({ error: { code: "not_found", message: `${method} ${url.pathname}` } }), {
        status: 404,
      });
    }
    const body = typeof handler === "function" ? (handler as (c: Call) => unknown)(call) : handler;
    if (body instanceof Response) return body;
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status: body === undefined ? 204 : method === "POST" ? 201 : 200,
      headers: { "content-type": "application/json" },
    });
  };
  const tokens = new TokenStore(localStorage);
  tokens.set({ access_token: "a.eyJleHAiOjQxMDI0NDQ4MDB9.s", refresh_token: "r" });
  const api = new ApiClient({ fetch: fetchImpl as typeof fetch, tokens, sleep: async () => undefined });
  return { api, calls, requests: (path: string) => calls.filter((c) => c.path === path) };
}

/** Renders `element` at `path` (matched by `route`) with the API, live feed, auth and router. */
export function renderScreen(
  element: ReactElement,
  { api, path = "/", route = "*" }: { api: ApiClient; path?: string; route?: string },
) {
  FakeEventSource.instances = [];
  const live = new LiveFeed({
    token: async () => "token",
    EventSourceImpl: FakeEventSource as unknown as typeof EventSource,
  });
  live.start();
  const view = render(
    <AppServicesProvider api={api} live={live}>
      <AuthProvider>
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            <Route path={route} element={element} />
          </Routes>
        </MemoryRouter>
      </AuthProvider>
    </AppServicesProvider>,
  );
  return { ...view, live };
}

export function makeIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: "i1",
    title: "Payments failing",
    description: "",
    severity: "critical",
    status: "open",
    started_at: "2026-11-29T10:00:00Z",
    detected_at: "2026-11-29T10:00:01Z",
    acknowledged_at: null,
    mitigated_at: null,
    resolved_at: null,
    root_cause: null,
    resolution: null,
    mtta_seconds: null,
    mttr_seconds: null,
    commander: null,
    created_by: null,
    services: [{ service_id: "s1", name: "payment-processing", impact_level: "primary" }],
    metadata: {},
    timeline_locked: false,
    created_at: "2026-11-29T10:00:01Z",
    updated_at: "2026-11-29T10:00:01Z",
    ...overrides,
  };
}

export const page = <T,>(items: T[], total = items.length) => ({ items, total, page: 1, per_page: 25 });
