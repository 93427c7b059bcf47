/** One SLO: its current evaluation (error budget, burn rates, alert tiers) and its history as
 * charts of budget remaining, burn rates and the SLI against the objective. */
import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { LineChart, type Point, type Series } from "../app/LineChart";
import type { components } from "../app/api/schema";
import { useApi } from "../app/context";
import { formatDuration, formatNumber } from "../app/format";
import { useResource } from "../app/useResource";
import { ErrorNotice, Panel } from "../app/ui";
import { BudgetMeter, SloStatusBadge } from "./SloList";

type HistoryPoint = components["schemas"]["HistoryPointOut"];

const RANGES = { "6h": 6, "24h": 24, "7d": 24 * 7, "30d": 24 * 30 } as const;
type Range = keyof typeof RANGES;
const BURN_TONES: Series["tone"][] = ["danger", "primary", "secondary"];

function seriesOf(items: HistoryPoint[], pick: (p: HistoryPoint) => number | null | undefined): Point[] {
  return items.flatMap((p) => {
    const value = pick(p);
    return value === null || value === undefined ? [] : [[Date.parse(p.evaluated_at) / 1000, value] as const];
  });
}

export function SloDetail() {
  const { id = "" } = useParams();
  const api = useApi();
  const [range, setRange] = useState<Range>("24h");
  const path = { slo_id: id };
  const slo = useResource(() => api.call("get", "/api/slos/{slo_id}", { path }), [id]);
  const status = useResource(() => api.call("get", "/api/slos/{slo_id}/status", { path }), [id]);
  const history = useResource(
    () =>
      api.call("get", "/api/slos/{slo_id}/history", {
        path,
        query: { since: new Date(Date.now() - RANGES[range] * 3_600_000).toISOString() },
      }),
    [id, range],
  );

  const current = slo.data;
  if (current === undefined) {
    return slo.error ? <ErrorNotice error={slo.error} /> : <p role="status">Loading SLO…</p>;
  }
  const items = history.data?.items ?? [];
  const windows = [...new Set(items.flatMap((p) => Object.keys(p.burn_rates)))].slice(0, 3);
  const budget = status.data?.error_budget;

  return (
    <article aria-labelledby="slo-title">
      <header className="detail-head">
        <p className="crumbs">
          <Link to="/slos">SLOs</Link> /
        </p>
        <h1 id="slo-title">{current.name}</h1>
        <p className="detail-meta">
          <SloStatusBadge status={status.data?.status ?? current.status} /> {current.service} · {current.target}%
          over {current.window.replace("_", " ")}
          {current.owner && <> · owner {current.owner}</>}
          {current.runbook_url && (
            <>
              {" "}
              · <a href={current.runbook_url}>runbook</a>
            </>
          )}
        </p>
        {current.description && <p className="description">{current.description}</p>}
      </header>
      <div className="detail-grid">
        <div className="detail-main">
          <Panel
            id="slo-history"
            title="History"
            actions={
              <div className="field inline">
                <label htmlFor="slo-range">Range</label>
                <select id="slo-range" value={range} onChange={(e) => setRange(e.target.value as Range)}>
                  {Object.keys(RANGES).map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              </div>
            }
          >
            <ErrorNotice error={history.error} />
            {history.data && items.length === 0 && <p className="muted">No evaluations in this range yet.</p>}
            {items.length > 0 && (
              <>
                <h3>Error budget remaining</h3>
                <LineChart
                  title="Error budget remaining"
                  description={`Budget remaining over the last ${range}, ${items.length} evaluations`}
                  series={[{ name: "budget remaining %", points: seriesOf(items, (p) => p.budget_remaining_percent) }]}
                  yFormat={(v) => `${v.toFixed(0)}%`}
                />
                <h3>Burn rates</h3>
                <LineChart
                  title="Burn rates"
                  description={`Burn rate per window (${windows.join(", ")}); 1 spends the budget exactly over the SLO window`}
                  series={windows.map((w, i) => ({
                    name: `${w} burn`,
                    points: seriesOf(items, (p) => p.burn_rates[w]),
                    tone: BURN_TONES[i] ?? "primary",
                  }))}
                  band={{ low: 0, high: 1, label: "burn rate at most 1" }}
                  yFormat={(v) => `${formatNumber(v)}×`}
                />
                <h3>SLI</h3>
                <LineChart
                  title="SLI"
                  description={`SLI against the ${current.target}% objective`}
                  series={[{ name: "SLI %", points: seriesOf(items, (p) => p.sli_percent) }]}
                  band={{ low: current.target, high: 100, label: "within objective" }}
                  yFormat={(v) => `${v.toFixed(2)}%`}
                />
              </>
            )}
          </Panel>
        </div>
        <aside className="detail-side" aria-label="Current evaluation">
          <Panel id="slo-now" title="Now">
            <ErrorNotice error={status.error} />
            {status.data && (
              <>
                <dl className="stats">
                  <div>
                    <dt>SLI</dt>
                    <dd>{status.data.sli_percent !== null ? `${status.data.sli_percent.toFixed(3)}%` : "no data"}</dd>
                  </div>
                  <div>
                    <dt>Budget left</dt>
                    <dd>
                      <BudgetMeter percent={budget?.remaining_percent ?? null} />
                    </dd>
                  </div>
                  <div>
                    <dt>Outage minutes left</dt>
                    <dd>{budget?.remaining_minutes != null ? formatNumber(budget.remaining_minutes) : "—"}</dd>
                  </div>
                  <div>
                    <dt>Exhausted in</dt>
                    <dd>{budget?.exhaustion_seconds != null ? formatDuration(budget.exhaustion_seconds) : "—"}</dd>
                  </div>
                </dl>
                <table className="compact">
                  <caption>Burn rates</caption>
                  <tbody>
                    {status.data.burn_rates.map((b) => (
                      <tr key={b.window}>
                        <th scope="row">{b.window}</th>
                        <td>{b.burn_rate !== null ? `${formatNumber(b.burn_rate)}×` : "no data"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <ul className="tiers" aria-label="Alert tiers">
                  {status.data.tiers.map((t) => (
                    <li key={`${t.severity}-${t.long_window}`} className={t.firing ? "firing" : undefined}>
                      <strong>{t.severity}</strong> {t.long_window}/{t.short_window} above{" "}
                      {formatNumber(t.threshold)}×: {t.firing ? "firing" : "quiet"}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </Panel>
        </aside>
      </div>
    </article>
  );
}
