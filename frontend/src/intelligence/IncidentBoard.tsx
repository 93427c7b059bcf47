/** The incident board: filters, sorting and pages held in the URL (shareable, survive reload);
 * live changes reload the page in place and highlight what changed. Pages keep the board fast
 * at any size: the server counts and slices, the browser renders at most one page. */
import { useEffect, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { SEVERITIES, STATUSES, type Incident, type Severity, type Status } from "../app/api/types";
import { useAuth } from "../app/auth";
import { useApi, useLiveMessages, useLiveStatus } from "../app/context";
import { formatDuration, formatTime, secondsBetween, timeAgo } from "../app/format";
import { useResource } from "../app/useResource";
import { ErrorNotice, SeverityBadge, StatusBadge } from "../app/ui";
import { NewIncidentForm } from "./NewIncidentForm";

const SORTS = {
  "-started_at": "Newest first",
  started_at: "Oldest first",
  "-severity": "Most severe first",
  "-updated_at": "Recently updated",
  status: "By status",
} as const;
type Sort = keyof typeof SORTS;
const PAGE_SIZES = [25, 50, 100] as const;
const FLASH_MS = 4_000;
const POLL_MS = 5_000;

function csv<T extends string>(value: string | null, allowed: readonly T[]): T[] {
  return (value ?? "").split(",").filter((v): v is T => (allowed as readonly string[]).includes(v));
}

function duration(incident: Incident): string {
  return formatDuration(incident.mttr_seconds ?? secondsBetween(incident.started_at));
}

export function IncidentBoard() {
  const api = useApi();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const statuses = csv<Status>(params.get("status"), STATUSES);
  const severities = csv<Severity>(params.get("severity"), SEVERITIES);
  const service = params.get("service") ?? "";
  const sort = (params.get("sort") ?? "-started_at") as Sort;
  const page = Math.max(1, Number(params.get("page") ?? 1) || 1);
  const perPage = Number(params.get("per_page") ?? 25) || 25;
  const query = {
    status: statuses.join(",") || undefined,
    severity: severities.join(",") || undefined,
    service: service || undefined,
    sort: sort in SORTS ? sort : "-started_at",
    page,
    per_page: perPage,
  };
  const pollMs = useLiveStatus() === "polling" ? POLL_MS : undefined;
  const board = useResource(() => api.call("get", "/api/incidents", { query }), [params.toString()], { pollMs });
  const services = useResource(() => api.call("get", "/api/services", { query: { per_page: 100 } }), []);

  const [flash, setFlash] = useState<Set<string>>(new Set());
  const reloadTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const flashTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      clearTimeout(reloadTimer.current ?? undefined);
      clearTimeout(flashTimer.current ?? undefined);
    },
    [],
  );
  useLiveMessages((message) => {
    if (message.kind === "change") {
      const changed = message.change.incident.id;
      setFlash((ids) => new Set(ids).add(changed));
      clearTimeout(flashTimer.current ?? undefined);
      flashTimer.current = setTimeout(() => setFlash(new Set()), FLASH_MS);
    }
    clearTimeout(reloadTimer.current ?? undefined);
    reloadTimer.current = setTimeout(board.reload, 250);
  });

  function update(changes: Record<string, string | null>) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!("page" in changes)) next.delete("page");
    setParams(next);
  }

  function toggle(key: "status" | "severity", current: string[], value: string) {
    const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
    update({ [key]: next.join(",") || null });
  }

  const data = board.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.per_page)) : 1;

  return (
    <section className="board" aria-labelledby="board-title">
      <header className="page-head">
        <h1 id="board-title">Incidents</h1>
        {can("responder") && <NewIncidentForm services={services.data?.items ?? []} onCreated={board.reload} />}
      </header>
      <form className="filters" aria-label="Filter incidents" onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>Status</legend>
          {STATUSES.map((s) => (
            <label key={s} className="check">
              <input type="checkbox" checked={statuses.includes(s)} onChange={() => toggle("status", statuses, s)} />
              {s}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Severity</legend>
          {SEVERITIES.map((s) => (
            <label key={s} className="check">
              <input
                type="checkbox"
                checked={severities.includes(s)}
                onChange={() => toggle("severity", severities, s)}
              />
              {s}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="filter-service">Service</label>
          <select id="filter-service" value={service} onChange={(e) => update({ service: e.target.value || null })}>
            <option value="">All services</option>
            {services.data?.items.map((s) => (
              <option key={s.id} value={s.name}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-sort">Sort</label>
          <select id="filter-sort" value={query.sort} onChange={(e) => update({ sort: e.target.value })}>
            {Object.entries(SORTS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
      </form>
      <ErrorNotice error={board.error} />
      <div className="table-wrap">
        <table className="incidents" aria-busy={board.loading}>
          <caption className="visually-hidden">
            Incidents, {data?.total ?? 0} matching, page {page} of {pages}
          </caption>
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">Incident</th>
              <th scope="col">Status</th>
              <th scope="col">Services</th>
              <th scope="col">Started</th>
              <th scope="col">Duration</th>
            </tr>
          </thead>
          <tbody>
            {data?.items.map((incident) => (
              <tr key={incident.id} className={flash.has(incident.id) ? "flash" : undefined}>
                <td data-label="Severity">
                  <SeverityBadge severity={incident.severity} />
                </td>
                <td data-label="Incident" className="title-cell">
                  <Link to={`/incidents/${incident.id}`}>{incident.title}</Link>
                </td>
                <td data-label="Status">
                  <StatusBadge status={incident.status} />
                </td>
                <td data-label="Services" className="services-cell">
                  {incident.services.map((s) => s.name).join(", ") || "—"}
                </td>
                <td data-label="Started">
                  <time dateTime={incident.started_at} title={formatTime(incident.started_at)}>
                    {timeAgo(incident.started_at)}
                  </time>
                </td>
                <td data-label="Duration">{duration(incident)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {data && data.items.length === 0 && <p className="empty">No incidents match these filters.</p>}
      </div>
      <nav className="pager" aria-label="Pages">
        <button type="button" disabled={page <= 1} onClick={() => update({ page: String(page - 1) })}>
          Previous
        </button>
        <span aria-live="polite">
          Page {page} of {pages} · {data?.total ?? 0} incidents
        </span>
        <button type="button" disabled={page >= pages} onClick={() => update({ page: String(page + 1) })}>
          Next
        </button>
        <label htmlFor="per-page">Per page</label>
        <select id="per-page" value={perPage} onChange={(e) => update({ per_page: e.target.value })}>
          {PAGE_SIZES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </nav>
    </section>
  );
}
