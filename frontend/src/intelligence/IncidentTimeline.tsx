/** The incident's timeline, oldest first, with where each event came from; responders add notes
 * until the incident is resolved, when the timeline locks. */
import { useState, type FormEvent } from "react";
import type { EventSourceName, TimelineEvent } from "../app/api/types";
import { formatTime } from "../app/format";
import { ErrorNotice, Panel } from "../app/ui";

const SOURCES: Record<EventSourceName, { mark: string; label: string }> = {
  user: { mark: "US", label: "user" },
  system: { mark: "SY", label: "system" },
  prometheus: { mark: "PR", label: "Prometheus" },
  correlation_engine: { mark: "CE", label: "correlation engine" },
  slo_system: { mark: "SL", label: "SLO system" },
  alertmanager: { mark: "AM", label: "Alertmanager" },
  grafana: { mark: "GF", label: "Grafana" },
  kubernetes: { mark: "K8", label: "Kubernetes" },
};

interface Props {
  events: TimelineEvent[];
  locked: boolean;
  canWrite: boolean;
  onAddNote: (title: string, description: string) => Promise<void>;
}

export function IncidentTimeline({ events, locked, canWrite, onAddNote }: Props) {
  const [note, setNote] = useState("");
  const [details, setDetails] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onAddNote(note.trim(), details.trim());
      setNote("");
      setDetails("");
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Panel id="timeline" title="Timeline" className="timeline-panel">
      {locked && (
        <p className="locked" role="note">
          The incident is resolved: its timeline is locked.
        </p>
      )}
      <ol className="timeline" aria-label="Timeline events">
        {events.map((event) => {
          const source = SOURCES[event.source];
          return (
            <li key={event.id} className={`event type-${event.event_type}`}>
              <span className={`source source-${event.source}`} title={source.label} aria-hidden="true">
                {source.mark}
              </span>
              <div className="event-body">
                <p className="event-meta">
                  <time dateTime={event.occurred_at}>{formatTime(event.occurred_at)}</time>
                  <span className="visually-hidden">from {source.label}</span>
                  <span className="event-type">{event.event_type.replace(/_/g, " ")}</span>
                  {event.actor && <span className="muted">by {event.actor.username}</span>}
                </p>
                <p className="event-title">{event.title}</p>
                {event.description && <p className="event-description">{event.description}</p>}
              </div>
            </li>
          );
        })}
      </ol>
      {canWrite && !locked && (
        <form className="note-form" onSubmit={submit}>
          <label htmlFor="note-title">Add a note</label>
          <input
            id="note-title"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={200}
            required
            placeholder="What did you see or do?"
          />
          <label htmlFor="note-details" className="visually-hidden">
            Details
          </label>
          <textarea
            id="note-details"
            value={details}
            onChange={(e) => setDetails(e.target.value)}
            rows={2}
            placeholder="Details (optional)"
          />
          <ErrorNotice error={error} />
          <button type="submit" disabled={busy || note.trim() === ""}>
            {busy ? "Adding…" : "Add note"}
          </button>
        </form>
      )}
    </Panel>
  );
}
