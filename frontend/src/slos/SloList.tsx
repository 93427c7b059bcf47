/** SLOs with their latest evaluation: status, SLI and how much error budget is left. */
import { Link } from "react-router-dom";
import type { components } from "../app/api/schema";
import { useApi } from "../app/context";
import { formatTime } from "../app/format";
import { useResource } from "../app/useResource";
import { ErrorNotice } from "../app/ui";

export type SloStatus = components["schemas"]["SloStatus"];

export function SloStatusBadge({ status }: { status: SloStatus | null }) {
  return <span className={`badge slo-${status ?? "unknown"}`}>{status?.replace("_", " ") ?? "not evaluated"}</span>;
}

export function BudgetMeter({ percent }: { percent: number | null }) {
  if (percent === null) return <span className="muted">—</span>;
  const clamped = Math.max(0, Math.min(100, percent));
  return (
    <span className="budget">
      <meter min={0} max={100} low={25} high={50} optimum={100} value={clamped} aria-label="error budget remaining" />{" "}
      {percent.toFixed(1)}%
    </span>
  );
}

export function SloList() {
  const api = useApi();
  const slos = useResource(() => api.call("get", "/api/slos", { query: { per_page: 500 } }), []);
  const items = slos.data?.items ?? [];
  return (
    <section aria-labelledby="slos-title">
      <header className="page-head">
        <h1 id="slos-title">Service level objectives</h1>
        <span className="muted">{slos.data?.total ?? 0} SLOs</span>
      </header>
      <ErrorNotice error={slos.error} />
      {slos.data && items.length === 0 && (
        <p className="empty">No SLOs yet: admins define them with POST /api/slos or an OpenSLO import.</p>
      )}
      <div className="table-wrap">
        <table className="slos">
          <caption className="visually-hidden">SLOs and their error budgets</caption>
          <thead>
            <tr>
              <th scope="col">SLO</th>
              <th scope="col">Service</th>
              <th scope="col">Objective</th>
              <th scope="col">Status</th>
              <th scope="col">SLI</th>
              <th scope="col">Budget remaining</th>
              <th scope="col">Evaluated</th>
            </tr>
          </thead>
          <tbody>
            {items.map((slo) => (
              <tr key={slo.id}>
                <td data-label="SLO">
                  <Link to={`/slos/${slo.id}`}>{slo.name}</Link>
                </td>
                <td data-label="Service">{slo.service}</td>
                <td data-label="Objective">
                  {slo.target}% over {slo.window.replace("_", " ")}
                </td>
                <td data-label="Status">
                  <SloStatusBadge status={slo.status} />
                </td>
                <td data-label="SLI">{slo.sli_percent !== null ? `${slo.sli_percent.toFixed(3)}%` : "—"}</td>
                <td data-label="Budget remaining">
                  <BudgetMeter percent={slo.budget_remaining_percent} />
                </td>
                <td data-label="Evaluated">{slo.evaluated_at ? formatTime(slo.evaluated_at) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
