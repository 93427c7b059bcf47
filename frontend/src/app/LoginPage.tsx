/** Sign in, or create an account (where self-registration is open: not in production by default). */
import { useState, type FormEvent } from "react";
import { Navigate, useLocation, useNavigate } from "react-router-dom";
import { useAuth } from "./auth";
import { ErrorNotice } from "./ui";

export function LoginPage() {
  const { user, login, register } = useAuth();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from ?? "/";
  const [mode, setMode] = useState<"login" | "register">("login");
  const [username, setUsername] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (user !== null) return <Navigate to={from} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === "login") await login(username, password);
      else await register(username, email, password);
      navigate(from, { replace: true });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const registering = mode === "register";
  return (
    <main className="login" id="main">
      <form className="panel login-form" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">
          <img src="/favicon.svg" alt="" width={28} height={28} /> Rootline
        </h1>
        <div className="tabs" role="tablist" aria-label="Sign in or register">
          <button
            type="button"
            role="tab"
            aria-selected={!registering}
            onClick={() => setMode("login")}
          >
            Sign in
          </button>
          <button type="button" role="tab" aria-selected={registering} onClick={() => setMode("register")}>
            Create account
          </button>
        </div>
        <label htmlFor="username">Username{registering ? "" : " or email"}</label>
        <input
          id="username"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          required
        />
        {registering && (
          <>
            <label htmlFor="email">Email</label>
            <input
              id="email"
              type="email"
              autoComplete="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              required
            />
          </>
        )}
        <label htmlFor="password">Password</label>
        <input
          id="password"
          type="password"
          autoComplete={registering ? "new-password" : "current-password"}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          minLength={registering ? 8 : undefined}
          required
        />
        <ErrorNotice error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {registering ? "Create account" : "Sign in"}
        </button>
        {registering && (
          <p className="muted">
            New accounts can read; an admin grants more. In development the first account becomes the admin.
          </p>
        )}
      </form>
    </main>
  );
}
