/** The API client: typed from the OpenAPI document, authenticated (refreshing the access token
 * once on a 401), resilient (GETs retry transient failures with backoff and jitter behind a
 * circuit breaker, and fall back to the last good answer from the cache), and observable (a
 * `degraded` status drives the banner). */
import { CircuitBreaker, CircuitOpenError } from "../../utils/circuit-breaker";
import { TtlCache } from "../../utils/cache";
import { retry, sleep } from "../../utils/retry-logic";
import type { paths } from "./schema";
import { TokenStore, secondsLeft, type TokenPair } from "./tokens";

type Method = "get" | "post" | "patch" | "delete";
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type Success<R> = R extends Record<200, infer X>
  ? X
  : R extends Record<201, infer X>
    ? X
    : R extends Record<202, infer X>
      ? X
      : never;
type JsonBody<X> = X extends { content: { "application/json": infer B } } ? B : void;

/** What an operation answers (void for 204). */
export type Answer<O> = O extends { responses: infer R } ? JsonBody<Success<R>> : never;
/** What an operation takes: path parameters, query and JSON body, as the document says. */
export type Params<O> = (O extends { parameters: { path: infer P } } ? { path: P } : unknown) &
  (O extends { parameters: { query?: infer Q } } ? { query?: Q } : unknown) &
  (O extends { requestBody: { content: { "application/json": infer B } } } ? { body: B } : unknown);

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** Failures worth a retry and counted by the breaker: no answer, or the server under strain. A
 * 503 that names its own cause (`prometheus_not_configured`) is an answer, not strain. */
function isTransient(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  if (error.status === 503) return ["http_error", "service_unavailable"].includes(error.code);
  return [0, 408, 429, 502, 504].includes(error.status);
}

export interface ClientStatus {
  degraded: boolean;
  /** When the answers on screen were fetched, if they come from the cache. */
  staleSince: number | null;
}

export interface ClientOptions {
  baseUrl?: string;
  fetch?: typeof fetch;
  tokens?: TokenStore;
  breaker?: CircuitBreaker;
  cache?: TtlCache<unknown>;
  retries?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

interface RequestOptions {
  query?: object | undefined;
  body?: unknown;
  auth?: boolean;
}

export function buildUrl(template: string, path?: object, query?: object): string {
  const filled = template.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(String((path as Record<string, unknown> | undefined)?.[name] ?? "")),
  );
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  }
  const qs = search.toString();
  return qs ? `${filled}?${qs}` : filled;
}

export class ApiClient {
  readonly tokens: TokenStore;
  readonly breaker: CircuitBreaker;
  private readonly cache: TtlCache<unknown>;
  private readonly fetchImpl: typeof fetch;
  private readonly baseUrl: string;
  private readonly retries: number;
  private readonly backoff: { baseMs: number; maxMs: number };
  private readonly sleep: (ms: number) => Promise<void>;
  private refreshing: Promise<void> | null = null;
  private status: ClientStatus = { degraded: false, staleSince: null };
  private readonly listeners = new Set<(status: ClientStatus) => void>();

  constructor(options: ClientOptions = {}) {
    this.baseUrl = options.baseUrl ?? "";
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.tokens = options.tokens ?? new TokenStore();
    this.breaker = options.breaker ?? new CircuitBreaker({ failureThreshold: 4, cooldownMs: 5_000 });
    this.cache = options.cache ?? new TtlCache<unknown>(30_000, 300);
    this.retries = options.retries ?? 3;
    this.backoff = { baseMs: options.backoffBaseMs ?? 300, maxMs: options.backoffMaxMs ?? 4_000 };
    this.sleep = options.sleep ?? sleep;
    this.breaker.onChange((state) => {
      if (state === "open") this.setStatus({ degraded: true, staleSince: this.status.staleSince });
    });
  }

  /** Call an operation of the OpenAPI document by method and path template. */
  call<P extends keyof paths, M extends Method>(
    method: M,
    path: P,
    params: Params<Operation<P, M>>,
  ): Promise<Answer<Operation<P, M>>> {
    const { path: pathParams, query, body } = params as {
      path?: object;
      query?: object;
      body?: unknown;
    };
    const url = buildUrl(path, pathParams, query);
    return this.request(method, url, { body }) as Promise<Answer<Operation<P, M>>>;
  }

  private async request<T>(method: Method, url: string, options: RequestOptions = {}): Promise<T> {
    if (method !== "get") {
      const answer = await this.breaker.exec(() => this.send<T>(method, url, options), isTransient);
      this.cache.invalidate(url.split("/").slice(0, 3).join("/"));
      return answer;
    }
    try {
      const answer = await retry(
        () => this.breaker.exec(() => this.send<T>(method, url, options), isTransient),
        {
          retries: this.retries,
          ...this.backoff,
          sleep: this.sleep,
          shouldRetry: isTransient,
        },
      );
      this.cache.set(url, answer);
      if (this.status.degraded) this.setStatus({ degraded: false, staleSince: null });
      return answer;
    } catch (error) {
      const cached = this.cache.get(url);
      if (cached === undefined || !(isTransient(error) || error instanceof CircuitOpenError)) {
        throw error;
      }
      this.setStatus({
        degraded: true,
        staleSince: Math.min(this.status.staleSince ?? Infinity, cached.storedAt),
      });
      return cached.value as T;
    }
  }

  getStatus(): ClientStatus {
    return this.status;
  }

  onStatus(listener: (status: ClientStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A usable access token, refreshed first if it expires within `marginSeconds`. */
  async freshAccessToken(marginSeconds = 60): Promise<string | null> {
    const tokens = this.tokens.get();
    if (tokens === null) return null;
    if (secondsLeft(tokens.access_token) > marginSeconds) return tokens.access_token;
    await this.refresh();
    return this.tokens.get()?.access_token ?? null;
  }

  signIn(tokens: TokenPair): void {
    this.cache.invalidate();
    this.tokens.set(tokens);
  }

  signOut(): void {
    this.cache.invalidate();
    this.tokens.set(null);
  }

  private setStatus(status: ClientStatus): void {
    this.status = status;
    this.listeners.forEach((listener) => listener(status));
  }

  private async send<T>(method: Method, url: string, options: RequestOptions, retried = false): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json" };
    const access = this.tokens.get()?.access_token;
    if (options.auth !== false && access) headers.Authorization = `Bearer ${access}`;
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    let response: Response;
    try {
      response = await this.fetchImpl(this.baseUrl + url, {
        method: method.toUpperCase(),
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
    } catch (error) {
      throw new ApiError(0, "network_error", `The API could not be reached (${String(error)})`);
    }
    if (response.status === 401 && access && !retried && options.auth !== false) {
      await this.refresh();
      return this.send(method, url, options, true);
    }
    if (!response.ok) throw await toApiError(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  /** One refresh at a time; a refused refresh signs the user out. */
  private refresh(): Promise<void> {
    this.refreshing ??= this.exchangeRefreshToken().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async exchangeRefreshToken(): Promise<void> {
    const tokens = this.tokens.get();
    if (tokens === null) throw new ApiError(401, "unauthorized", "Not signed in");
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}/api/auth/refresh`, {
        method: "POST",
        headers: { Accept: "application/json", Authorization: `Bearer ${tokens.refresh_token}` },
      });
    } catch (error) {
      throw new ApiError(0, "network_error", `The API could not be reached (${String(error)})`);
    }
    if (response.status === 401) {
      this.signOut();
      throw await toApiError(response);
    }
    if (!response.ok) throw await toApiError(response);
    const { access_token } = (await response.json()) as { access_token: string };
    this.tokens.set({ ...tokens, access_token });
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  try {
    const { error } = (await response.json()) as {
      error: { code: string; message: string; details?: unknown };
    };
    return new ApiError(response.status, error.code, error.message, error.details);
  } catch {
    return new ApiError(response.status, "http_error", `${response.status} ${response.statusText}`);
  }
}
