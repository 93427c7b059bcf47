/** The signed-in frame: navigation, live status, the degraded banner and the current screen. */
import { useEffect } from "react";
import { NavLink, Outlet } from "react-router-dom";
import { useAuth } from "./auth";
import { useLive, useLiveStatus } from "./context";
import { DegradedBanner } from "./DegradedBanner";

const LIVE_TEXT = { connecting: "Connecting…", live: "Live", polling: "Polling" } as const;

export function Shell() {
  const { user, can, logout } = useAuth();
  const live = useLive();
  const status = useLiveStatus();
  useEffect(() => {
    live.start();
    return () => live.stop();
  }, [live]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/" className="brand" aria-label="Rootline home">
          <img src="/favicon.svg" alt="" width={24} height={24} /> Rootline
        </NavLink>
        <nav aria-label="Main">
          <ul>
            <li>
              <NavLink to="/" end>
                Incidents
              </NavLink>
            </li>
            <li>
              <NavLink to="/slos">SLOs</NavLink>
            </li>
            <li>
              <NavLink to="/services">Services</NavLink>
            </li>
            {can("admin") && (
              <li>
                <NavLink to="/simulation">Simulation</NavLink>
              </li>
            )}
          </ul>
        </nav>
        <div className="session">
          <span className={`live live-${status}`} role="status" title="Live updates">
            <span className="dot" aria-hidden="true" /> {LIVE_TEXT[status]}
          </span>
          <span className="user">
            {user?.username} <span className="muted">({user?.role})</span>
          </span>
          <button type="button" className="link" onClick={() => void logout()}>
            Sign out
          </button>
        </div>
      </header>
      <DegradedBanner />
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
