/** The failure simulation (admins): run a named scenario or a custom fault against the simulated
 * shop, watch the incident it opens, and recover. */
import { useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { ApiError } from "../app/api/client";
import type { FailRequest, InjectResult } from "../app/api/types";
import { useApi } from "../app/context";
import { formatPercent, formatTime } from "../app/format";
import { useResource } from "../app/useResource";
import { ErrorNotice, Panel } from "../app/ui";

const EFFECTS = [
  { key: "error_rate", label: "Error rate (0–1)", min: 0, max: 1, step: 0.01 },
  { key: "cpu_usage", label: "CPU %", min: 0, max: 100, step: 1 },
  { key: "memory_usage", label: "Memory %", min: 0, max: 100, step: 1 },
  { key: "response_time_ms", label: "Response time (ms)", min: 1, max: 60_000, step: 1 },
  { key: "db_connections", label: "DB connections in use", min: 0, max: 10_000, step: 1 },
] as const;
type Effect = (typeof EFFECTS)[number]["key"];

function InjectOutcome({ result }: { result: InjectResult }) {
  return (
    <div className="outcome" role="status">
      <p>
        <strong>{result.fault.service}</strong> is failing ({result.fault.fault}); peak error rate{" "}
        {formatPercent(result.peak_error_rate)} across {result.affected_services.join(", ")}.
      </p>
      {result.incident ? (
        <p>
          Incident opened: <Link to={`/incidents/${result.incident.id}`}>{result.incident.title}</Link>
          {result.analysis_scheduled_at && <> · analysis at {formatTime(result.analysis_scheduled_at)}</>}
        </p>
      ) : (
        <p className="muted">The error rate stays under 25%: no incident is opened.</p>
      )}
    </div>
  );
}

export function SimulationPanel() {
  const api = useApi();
  const scenarios = useResource(() => api.call("get", "/api/test/scenarios", {}), []);
  const [result, setResult] = useState<InjectResult | null>(null);
  const [recovered, setRecovered] = useState<string[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [service, setService] = useState("");
  const [effects, setEffects] = useState<Partial<Record<Effect, string>>>({ error_rate: "0.5" });

  async function act(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const run = (name: string) =>
    act(async () => {
      setRecovered(null);
      setResult(await api.call("post", "/api/test/scenarios/{name}", { path: { name } }));
    });

  const recover = () =>
    act(async () => {
      const answer = await api.call("post", "/api/test/recover", { body: {} });
      setResult(null);
      setRecovered(answer.recovered.map((f) => f.service));
    });

  function inject(event: FormEvent) {
    event.preventDefault();
    const body: FailRequest = { service: service || (scenarios.data?.services[0] ?? "") };
    for (const { key } of EFFECTS) {
      const raw = effects[key];
      if (raw !== undefined && raw !== "") body[key] = Number(raw);
    }
    void act(async () => {
      setRecovered(null);
      setResult(await api.call("post", "/api/test/fail", { body }));
    });
  }

  const disabled = scenarios.error instanceof ApiError && scenarios.error.status === 404;
  return (
    <section aria-labelledby="simulation-title">
      <header className="page-head">
        <h1 id="simulation-title">Failure simulation</h1>
        <button type="button" onClick={() => void recover()} disabled={busy || disabled}>
          Recover all
        </button>
      </header>
      {disabled ? (
        <p className="warning">The simulation is disabled on this server (set SIMULATION_ENABLED=true).</p>
      ) : (
        <ErrorNotice error={scenarios.error} />
      )}
      <ErrorNotice error={error} />
      {result && <InjectOutcome result={result} />}
      {recovered && (
        <p role="status">{recovered.length ? `Recovered: ${recovered.join(", ")}.` : "Nothing was failing."}</p>
      )}
      <ul className="scenarios" aria-label="Scenarios">
        {scenarios.data?.items.map((scenario) => (
          <li key={scenario.name} className="panel scenario">
            <h2>{scenario.title}</h2>
            <p>{scenario.description}</p>
            <p className="tags">
              <span className="chip">{scenario.service}</span>
              <span className="chip">{scenario.fault}</span>
            </p>
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() => void run(scenario.name)}
              aria-label={`Inject ${scenario.name}`}
            >
              Inject
            </button>
          </li>
        ))}
      </ul>
      {scenarios.data && (
        <Panel id="custom-fault" title="Custom fault">
          <form className="grid-form" onSubmit={inject}>
            <div className="field">
              <label htmlFor="sim-service">Service</label>
              <select id="sim-service" value={service} onChange={(e) => setService(e.target.value)}>
                {scenarios.data.services.map((name) => (
                  <option key={name}>{name}</option>
                ))}
              </select>
            </div>
            {EFFECTS.map(({ key, label, min, max, step }) => (
              <div key={key} className="field">
                <label htmlFor={`sim-${key}`}>{label}</label>
                <input
                  id={`sim-${key}`}
                  type="number"
                  min={min}
                  max={max}
                  step={step}
                  value={effects[key] ?? ""}
                  onChange={(e) => setEffects({ ...effects, [key]: e.target.value })}
                />
              </div>
            ))}
            <button type="submit" className="primary" disabled={busy}>
              Inject fault
            </button>
          </form>
        </Panel>
      )}
    </section>
  );
}
