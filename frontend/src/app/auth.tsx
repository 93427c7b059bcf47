/** Who is signed in: login, registration and logout, the current user and role checks. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { Navigate, useLocation } from "react-router-dom";
import type { Role, User } from "./api/types";
import { useApi } from "./context";

const RANK: Record<Role, number> = { viewer: 0, responder: 1, admin: 2 };

interface Auth {
  user: User | null;
  checking: boolean;
  login: (username: string, password: string) => Promise<void>;
  register: (username: string, email: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  can: (role: Role) => boolean;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [user, setUser] = useState<User | null>(null);
  const [checking, setChecking] = useState(() => api.tokens.get() !== null);

  useEffect(() => {
    if (api.tokens.get() !== null) {
      api
        .call("get", "/api/auth/me", {})
        .then(setUser, () => setUser(null))
        .finally(() => setChecking(false));
    }
    return api.tokens.subscribe((tokens) => {
      if (tokens === null) setUser(null);
    });
  }, [api]);

  const login = useCallback(
    async (username: string, password: string) => {
      const answer = await api.call("post", "/api/auth/login", { body: { username, password } });
      api.signIn(answer);
      setUser(answer.user);
    },
    [api],
  );

  const register = useCallback(
    async (username: string, email: string, password: string) => {
      await api.call("post", "/api/auth/register", { body: { username, email, password } });
      await login(username, password);
    },
    [api, login],
  );

  const logout = useCallback(async () => {
    const refresh = api.tokens.get()?.refresh_token ?? null;
    try {
      await api.call("post", "/api/auth/logout", { body: { refresh_token: refresh } });
    } finally {
      api.signOut();
    }
  }, [api]);

  const value = useMemo<Auth>(
    () => ({
      user,
      checking,
      login,
      register,
      logout,
      can: (role) => user !== null && RANK[user.role] >= RANK[role],
    }),
    [user, checking, login, register, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (auth === null) throw new Error("AuthProvider is missing");
  return auth;
}

/** Renders its children for a signed-in user, else sends them to /login (and back after). */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { user, checking } = useAuth();
  const location = useLocation();
  if (checking) return <p className="page-status" role="status">Signing in…</p>;
  if (user === null) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  return <>{children}</>;
}

export function RequireRole({ role, children }: { role: Role; children: ReactNode }) {
  const { can } = useAuth();
  if (!can(role)) {
    return (
      <section className="panel" aria-labelledby="forbidden-title">
        <h1 id="forbidden-title">Not allowed</h1>
        <p>This page needs the {role} role. Ask an admin to change your role.</p>
      </section>
    );
  }
  return <>{children}</>;
}
