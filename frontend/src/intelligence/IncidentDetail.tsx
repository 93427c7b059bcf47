/** One incident: status and resolution, the root cause with its evidence, the timeline, the
 * impact, tasks and alerts; kept current by the live feed (or by polling while it is down). */
import { useCallback, useEffect, useRef } from "react";
import { Link, useParams } from "react-router-dom";
import type { IncidentPatch, Task, TaskStatus } from "../app/api/types";
import { useAuth } from "../app/auth";
import { useApi, useLiveMessages, useLiveStatus } from "../app/context";
import { formatTime } from "../app/format";
import { useResource } from "../app/useResource";
import { ErrorNotice, Panel, SeverityBadge, StatusBadge } from "../app/ui";
import { ImpactSummary } from "./ImpactSummary";
import { IncidentTimeline } from "./IncidentTimeline";
import { RootCausePanel } from "./RootCausePanel";
import { StatusControls } from "./StatusControls";
import { TaskList } from "./TaskList";

const POLL_MS = 5_000;

export function IncidentDetail() {
  const { id = "" } = useParams();
  const api = useApi();
  const { can } = useAuth();
  const pollMs = useLiveStatus() === "polling" ? POLL_MS : undefined;
  const path = { incident_id: id };

  const incident = useResource(() => api.call("get", "/api/incidents/{incident_id}", { path }), [id], { pollMs });
  const timeline = useResource(
    () => api.call("get", "/api/incidents/{incident_id}/timeline", { path, query: { per_page: 500 } }),
    [id],
    { pollMs },
  );
  const correlations = useResource(
    () => api.call("get", "/api/incidents/{incident_id}/correlations", { path }),
    [id],
    { pollMs },
  );
  const tasks = useResource(
    () => api.call("get", "/api/incidents/{incident_id}/tasks", { path, query: { per_page: 100 } }),
    [id],
  );
  const alerts = useResource(
    () => api.call("get", "/api/incidents/{incident_id}/alerts", { path, query: { per_page: 50 } }),
    [id],
  );
  const services = useResource(() => api.call("get", "/api/services", { query: { per_page: 100 } }), []);

  const reloadAll = useCallback(() => {
    incident.reload();
    timeline.reload();
    correlations.reload();
    tasks.reload();
  }, [incident.reload, timeline.reload, correlations.reload, tasks.reload]);

  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => clearTimeout(pending.current ?? undefined), []);
  useLiveMessages((message) => {
    if (message.kind === "change" && message.change.incident.id !== id) return;
    clearTimeout(pending.current ?? undefined);
    pending.current = setTimeout(reloadAll, 200); // one reload per burst of events
  });

  const current = incident.data;
  if (current === undefined) {
    return incident.error ? <ErrorNotice error={incident.error} /> : <p role="status">Loading incident…</p>;
  }
  const canRespond = can("responder");
  const top = correlations.data?.hypotheses[0];

  async function patch(change: IncidentPatch) {
    await api.call("patch", "/api/incidents/{incident_id}", { path, body: change });
    reloadAll();
  }
  async function addNote(title: string, description: string) {
    await api.call("post", "/api/incidents/{incident_id}/timeline", { path, body: { title, description } });
    timeline.reload();
  }
  async function addTask(title: string) {
    await api.call("post", "/api/incidents/{incident_id}/tasks", { path, body: { title } });
    tasks.reload();
  }
  async function setTaskStatus(task: Task, status: TaskStatus) {
    await api.call("patch", "/api/incidents/{incident_id}/tasks/{task_id}", {
      path: { ...path, task_id: task.id },
      body: { status },
    });
    tasks.reload();
  }
  async function deleteTask(task: Task) {
    await api.call("delete", "/api/incidents/{incident_id}/tasks/{task_id}", {
      path: { ...path, task_id: task.id },
    });
    tasks.reload();
  }
  async function reanalyze() {
    await api.call("post", "/api/incidents/{incident_id}/analyze", { path });
    correlations.reload();
  }

  return (
    <article className="incident-detail" aria-labelledby="incident-title">
      <header className="detail-head">
        <p className="crumbs">
          <Link to="/">Incidents</Link> /
        </p>
        <h1 id="incident-title">{current.title}</h1>
        <p className="detail-meta">
          <SeverityBadge severity={current.severity} /> <StatusBadge status={current.status} />{" "}
          <span>started {formatTime(current.started_at)}</span>
          {current.commander && <span> · commander {current.commander.username}</span>}
        </p>
        {current.description && <p className="description">{current.description}</p>}
        {current.root_cause && (
          <p>
            <strong>Root cause:</strong> {current.root_cause}
            {current.resolution && (
              <>
                {" "}
                <strong>Resolution:</strong> {current.resolution}
              </>
            )}
          </p>
        )}
        {canRespond && (
          <StatusControls incident={current} suggestedRootCause={top?.summary ?? ""} onPatch={patch} />
        )}
      </header>
      <div className="detail-grid">
        <div className="detail-main">
          <RootCausePanel
            correlations={correlations.data}
            error={correlations.error}
            onReanalyze={canRespond && current.status !== "resolved" ? () => void reanalyze() : undefined}
          />
          <IncidentTimeline
            events={timeline.data?.items ?? []}
            locked={current.timeline_locked}
            canWrite={canRespond}
            onAddNote={addNote}
          />
        </div>
        <aside className="detail-side" aria-label="Impact, tasks and alerts">
          <ImpactSummary incident={current} services={services.data?.items ?? []} />
          <TaskList
            tasks={tasks.data?.items ?? []}
            canWrite={canRespond && current.status !== "resolved"}
            onAdd={addTask}
            onStatus={setTaskStatus}
            onDelete={deleteTask}
          />
          {(alerts.data?.total ?? 0) > 0 && (
            <Panel id="alerts" title={`Alerts (${alerts.data?.total})`}>
              <ul className="alert-list">
                {alerts.data?.items.map((alert) => (
                  <li key={alert.id}>
                    <span className={`badge alert-${alert.status}`}>{alert.status}</span> {alert.name}{" "}
                    <span className="muted">via {alert.source}</span>
                  </li>
                ))}
              </ul>
            </Panel>
          )}
        </aside>
      </div>
    </article>
  );
}
