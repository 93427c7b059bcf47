/** Declaring an incident by hand: title, severity and the services it hits. */
import { useState, type FormEvent } from "react";
import { SEVERITIES, type Service, type Severity } from "../app/api/types";
import { useApi } from "../app/context";
import { ErrorNotice } from "../app/ui";

export function NewIncidentForm({ services, onCreated }: { services: Service[]; onCreated: () => void }) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState("");
  const [severity, setSeverity] = useState<Severity>("high");
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await api.call("post", "/api/incidents", {
        body: { title: title.trim(), severity, services: chosen.map((name) => ({ name })) },
      });
      setTitle("");
      setChosen([]);
      setOpen(false);
      onCreated();
    } catch (failure) {
      setError(failure);
    }
  }

  if (!open) {
    return (
      <button type="button" className="primary" onClick={() => setOpen(true)}>
        Declare incident
      </button>
    );
  }
  return (
    <form className="new-incident" onSubmit={submit} aria-label="Declare an incident">
      <label htmlFor="new-title">Title</label>
      <input id="new-title" value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} />
      <label htmlFor="new-severity">Severity</label>
      <select id="new-severity" value={severity} onChange={(e) => setSeverity(e.target.value as Severity)}>
        {SEVERITIES.map((s) => (
          <option key={s}>{s}</option>
        ))}
      </select>
      <label htmlFor="new-services">Services</label>
      <select
        id="new-services"
        multiple
        value={chosen}
        onChange={(e) => setChosen([...e.target.selectedOptions].map((o) => o.value))}
      >
        {services.map((s) => (
          <option key={s.id} value={s.name}>
            {s.name}
          </option>
        ))}
      </select>
      <ErrorNotice error={error} />
      <div className="button-row">
        <button type="submit" className="primary" disabled={!title.trim()}>
          Declare
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
