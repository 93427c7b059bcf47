/** What the incident costs and how fast it was handled: the business impact the SLO system keeps
 * in `metadata.business_impact` (users affected, revenue at risk, SLOs breached, budget consumed,
 * services recovered, with the formulas), what the catalog says the affected services carry
 * while no SLO has measured them, and MTTA / MTTR. */
import type { Incident, Service } from "../app/api/types";
import { formatDuration, formatMoney, formatNumber, secondsBetween } from "../app/format";
import { Panel } from "../app/ui";

interface SloImpact {
  slo: string;
  service: string;
  status: string | null;
  breached_at: string | null;
}

interface BusinessImpact {
  users_affected?: number;
  revenue_at_risk?: number;
  slos_breached?: number;
  slos_total?: number;
  budget_consumed_percent?: number | null;
  services_recovered?: string | null;
  slos?: SloImpact[];
  formulas?: Record<string, string>;
}

function businessImpact(incident: Incident): BusinessImpact | null {
  const value = (incident.metadata as Record<string, unknown>).business_impact;
  return typeof value === "object" && value !== null ? (value as BusinessImpact) : null;
}

const or = (value: number | null | undefined, format: (n: number) => string): string =>
  typeof value === "number" && Number.isFinite(value) ? format(value) : "—";

export function ImpactSummary({ incident, services }: { incident: Incident; services: Service[] }) {
  const impact = businessImpact(incident);
  const affected = services.filter((s) => incident.services.some((link) => link.service_id === s.id));
  const duration = incident.mttr_seconds ?? secondsBetween(incident.started_at);
  const breached = (impact?.slos ?? []).filter((s) => s.breached_at);
  const formula = (key: string) => impact?.formulas?.[key];

  return (
    <Panel id="impact" title="Impact" className="impact">
      <dl className="stats">
        <div>
          <dt>{incident.resolved_at ? "MTTR" : "Ongoing for"}</dt>
          <dd data-testid="mttr">{formatDuration(duration)}</dd>
        </div>
        <div>
          <dt>MTTA</dt>
          <dd>
            {incident.mtta_seconds !== null
              ? formatDuration(incident.mtta_seconds)
              : incident.acknowledged_at
                ? formatDuration(secondsBetween(incident.started_at, incident.acknowledged_at))
                : "not yet"}
          </dd>
        </div>
        <div title={formula("users_affected")}>
          <dt>Users affected</dt>
          <dd>{or(impact?.users_affected, formatNumber)}</dd>
        </div>
        <div title={formula("revenue_at_risk")}>
          <dt>Revenue at risk</dt>
          <dd>{or(impact?.revenue_at_risk, formatMoney)}</dd>
        </div>
        {impact && (
          <>
            <div title={formula("slos_breached")}>
              <dt>SLOs breached</dt>
              <dd>
                {impact.slos_breached ?? 0} of {impact.slos_total ?? 0}
              </dd>
            </div>
            <div title={formula("budget_consumed_percent")}>
              <dt>Budget consumed</dt>
              <dd>{or(impact.budget_consumed_percent, (n) => `${n.toFixed(1)}%`)}</dd>
            </div>
            {impact.services_recovered && (
              <div title={formula("services_recovered")}>
                <dt>Services recovered</dt>
                <dd>{impact.services_recovered}</dd>
              </div>
            )}
          </>
        )}
      </dl>
      {breached.length > 0 && (
        <ul className="breached" aria-label="Breached SLOs">
          {breached.map((s) => (
            <li key={s.slo}>
              <span className="badge slo-critical">breached</span> {s.slo} ({s.service})
            </li>
          ))}
        </ul>
      )}
      {impact === null && affected.length > 0 && (
        <p className="muted">
          No SLO has measured this incident yet. The affected services serve{" "}
          {formatNumber(affected.reduce((sum, s) => sum + s.users_served, 0))} users and carry{" "}
          {formatMoney(affected.reduce((sum, s) => sum + s.revenue_per_hour, 0))} of revenue per hour.
        </p>
      )}
      <ul className="service-impact" aria-label="Affected services">
        {incident.services.map((link) => (
          <li key={link.service_id}>
            <span className={`impact-${link.impact_level}`}>{link.impact_level}</span> {link.name}
          </li>
        ))}
      </ul>
    </Panel>
  );
}
