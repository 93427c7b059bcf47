/** Moving an incident along open → investigating → mitigated → resolved, and resolving it with
 * its root cause and resolution (prefilled with the top hypothesis). */
import { useState, type FormEvent } from "react";
import type { Incident, IncidentPatch, Status } from "../app/api/types";
import { ErrorNotice } from "../app/ui";

const NEXT: Record<Status, { to: Status; label: string }[]> = {
  open: [
    { to: "investigating", label: "Acknowledge" },
    { to: "mitigated", label: "Mark mitigated" },
  ],
  investigating: [{ to: "mitigated", label: "Mark mitigated" }],
  mitigated: [{ to: "investigating", label: "Back to investigating" }],
  resolved: [],
};

interface Props {
  incident: Incident;
  suggestedRootCause: string;
  onPatch: (patch: IncidentPatch) => Promise<void>;
}

export function StatusControls({ incident, suggestedRootCause, onPatch }: Props) {
  const [resolving, setResolving] = useState(false);
  const [rootCause, setRootCause] = useState("");
  const [resolution, setResolution] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (incident.status === "resolved") return null;

  async function run(patch: IncidentPatch) {
    setBusy(true);
    setError(null);
    try {
      await onPatch(patch);
      setResolving(false);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  function openResolve() {
    setRootCause(incident.root_cause ?? suggestedRootCause);
    setResolution(incident.resolution ?? "");
    setResolving(true);
  }

  function resolve(event: FormEvent) {
    event.preventDefault();
    void run({ status: "resolved", root_cause: rootCause.trim(), resolution: resolution.trim() });
  }

  return (
    <div className="status-controls">
      <div className="button-row" role="group" aria-label="Change status">
        {NEXT[incident.status].map(({ to, label }) => (
          <button key={to} type="button" disabled={busy} onClick={() => void run({ status: to })}>
            {label}
          </button>
        ))}
        <button type="button" className="primary" disabled={busy} onClick={openResolve} aria-expanded={resolving}>
          Resolve…
        </button>
      </div>
      {resolving && (
        <form className="resolve-form" onSubmit={resolve} aria-label="Resolve the incident">
          <label htmlFor="root-cause-input">Root cause</label>
          <textarea
            id="root-cause-input"
            value={rootCause}
            onChange={(e) => setRootCause(e.target.value)}
            rows={2}
            required
          />
          <label htmlFor="resolution-input">Resolution</label>
          <textarea
            id="resolution-input"
            value={resolution}
            onChange={(e) => setResolution(e.target.value)}
            rows={2}
            required
            placeholder="What fixed it?"
          />
          <div className="button-row">
            <button type="submit" className="primary" disabled={busy || !rootCause.trim() || !resolution.trim()}>
              Resolve incident
            </button>
            <button type="button" onClick={() => setResolving(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <ErrorNotice error={error} />
    </div>
  );
}
