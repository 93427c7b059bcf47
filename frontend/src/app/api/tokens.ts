/** The signed-in user's tokens, kept in localStorage so a reload stays signed in. */
export interface TokenPair {
  access_token: string;
  refresh_token: string;
}

const KEY = "rootline.tokens";

export class TokenStore {
  private readonly listeners = new Set<(tokens: TokenPair | null) => void>();

  constructor(private readonly storage: Storage = localStorage) {}

  get(): TokenPair | null {
    const raw = this.storage.getItem(KEY);
    if (raw === null) return null;
    try {
      const parsed = JSON.parse(raw) as Partial<TokenPair>;
      return parsed.access_token && parsed.refresh_token
        ? { access_token: parsed.access_token, refresh_token: parsed.refresh_token }
        : null;
    } catch {
      return null;
    }
  }

  set(tokens: TokenPair | null): void {
    if (tokens === null) this.storage.removeItem(KEY);
    else this.storage.setItem(KEY, JSON.stringify(tokens));
    this.listeners.forEach((listener) => listener(tokens));
  }

  subscribe(listener: (tokens: TokenPair | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Seconds until a JWT expires (negative once expired; -Infinity if unreadable). */
export function secondsLeft(jwt: string, nowMs: number = Date.now()): number {
  try {
    const payload = jwt.split(".")[1] ?? "";
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    const exp = (JSON.parse(json) as { exp?: number }).exp;
    return typeof exp === "number" ? exp - nowMs / 1000 : -Infinity;
  } catch {
    return -Infinity;
  }
}
