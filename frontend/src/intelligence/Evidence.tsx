/** The evidence behind a finding, drawn by its shape: a metric's series around the start, a log
 * template's counts before and after with samples, failing spans, pod events; anything else as
 * a list of its figures. Analyzer plugins choose their evidence freely, so shapes are checked,
 * never assumed. */
import { LineChart, type Point } from "../app/LineChart";
import type { Finding } from "../app/api/types";
import { formatClock, formatNumber, formatPercent } from "../app/format";

type Evidence = Record<string, unknown>;

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const record = (v: unknown): Evidence =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Evidence) : {};

function points(v: unknown): Point[] {
  return list(v).flatMap((p) => {
    const [t, value] = list(p);
    const tn = num(t);
    const vn = num(value);
    return tn !== undefined && vn !== undefined ? [[tn, vn] as const] : [];
  });
}

/** The points around the start: as much baseline before it as there is evidence after it
 * times four, at least five minutes, so the change fills the chart rather than its edge. */
export function aroundStart(series: Point[], started: number | undefined): Point[] {
  const last = series.at(-1)?.[0];
  if (started === undefined || last === undefined) return series;
  const from = started - Math.max(300, 4 * (last - started));
  return series.filter(([t]) => t >= from);
}

function MetricEvidence({ finding, evidence }: { finding: Finding; evidence: Evidence }) {
  const started = num(evidence.started_at);
  const series = aroundStart(points(evidence.points), started);
  const metric = str(evidence.metric) ?? finding.signal;
  const median = num(evidence.baseline_median);
  const iqr = num(evidence.baseline_iqr) ?? 0;
  const onset = num(evidence.onset) ?? finding.onset ?? undefined;
  const after = num(evidence.after_median);
  const markers = [
    ...(started !== undefined ? [{ at: started, label: "incident start" }] : []),
    ...(onset !== undefined && onset !== started ? [{ at: onset, label: "onset" }] : []),
  ];
  return (
    <LineChart
      title={`${metric} of ${finding.service}`}
      description={
        `${metric} of ${finding.service}` +
        (median !== undefined ? `: usually ${formatNumber(median)}` : "") +
        (after !== undefined ? `, ${formatNumber(after)} after the start` : "") +
        ` (${series.length} points)`
      }
      series={[{ name: metric, points: series, tone: "danger" }]}
      markers={markers}
      band={
        median !== undefined
          ? { low: median - iqr, high: median + iqr, label: "usual range (median ± IQR)" }
          : undefined
      }
    />
  );
}

function LogEvidence({ evidence }: { evidence: Evidence }) {
  const before = num(evidence.count_before) ?? 0;
  const after = num(evidence.count_after) ?? 0;
  const top = Math.max(before, after, 1);
  const samples = list(evidence.samples).map(String).slice(0, 5);
  return (
    <div className="log-evidence">
      <code className="log-template">{str(evidence.template)}</code>
      <dl className="counts">
        <div>
          <dt>before</dt>
          <dd>
            <meter min={0} max={top} value={before} aria-label="count before the start" /> {before}
          </dd>
        </div>
        <div>
          <dt>after</dt>
          <dd>
            <meter min={0} max={top} value={after} aria-label="count after the start" /> {after}
          </dd>
        </div>
      </dl>
      {samples.length > 0 && (
        <ul className="samples" aria-label="sample lines">
          {samples.map((line, i) => (
            <li key={i}>
              <code>{line}</code>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function SpanEvidence({ evidence }: { evidence: Evidence }) {
  const spans = list(evidence.failing_spans).map(record).slice(0, 8);
  const rateBefore = num(evidence.error_rate_before);
  const rateAfter = num(evidence.error_rate_after);
  return (
    <div>
      {rateBefore !== undefined && rateAfter !== undefined && (
        <p>
          Span error rate {formatPercent(rateBefore, 1)} → <strong>{formatPercent(rateAfter, 1)}</strong>
        </p>
      )}
      <table className="compact">
        <caption className="visually-hidden">Failing spans</caption>
        <thead>
          <tr>
            <th scope="col">Operation</th>
            <th scope="col">Duration</th>
            <th scope="col">Trace</th>
          </tr>
        </thead>
        <tbody>
          {spans.map((span, i) => (
            <tr key={i}>
              <td>{str(span.operation)}</td>
              <td>{num(span.duration_ms) !== undefined ? `${formatNumber(num(span.duration_ms) ?? 0)} ms` : "—"}</td>
              <td>
                <code>{(str(span.trace_id) ?? "").slice(0, 12)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function LatencyEvidence({ evidence }: { evidence: Evidence }) {
  const rows: [string, number | undefined, number | undefined][] = [
    ["p50", num(evidence.p50_before_ms), num(evidence.p50_after_ms)],
    ["p95", num(evidence.p95_before_ms), num(evidence.p95_after_ms)],
    ["own time p50", num(evidence.own_p50_before_ms), num(evidence.own_p50_after_ms)],
  ];
  return (
    <table className="compact">
      <caption className="visually-hidden">Span latency before and after the start</caption>
      <thead>
        <tr>
          <th scope="col">Latency</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {rows
          .filter(([, b, a]) => b !== undefined && a !== undefined)
          .map(([name, b, a]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>{formatNumber(b ?? 0)} ms</td>
              <td>
                <strong>{formatNumber(a ?? 0)} ms</strong>
              </td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}

function PodEvidence({ evidence }: { evidence: Evidence }) {
  const messages = list(evidence.messages).map(String);
  const times = list(evidence.times).map(num);
  const reasons = Object.entries(record(evidence.reasons));
  const pods = list(evidence.pods).map(String);
  return (
    <div>
      {reasons.length > 0 && (
        <p>
          {reasons.map(([reason, count]) => (
            <span key={reason} className="chip">
              {reason} × {String(count)}
            </span>
          ))}
        </p>
      )}
      {pods.length > 0 && <p className="muted">Pods: {pods.join(", ")}</p>}
      <ul className="pod-events" aria-label="pod events">
        {messages.slice(0, 6).map((message, i) => {
          const at = times[i];
          return (
            <li key={i}>
              {at !== undefined && <time>{formatClock(at)}</time>} {message}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function Figures({ evidence }: { evidence: Evidence }) {
  const scalars = Object.entries(evidence).filter(
    ([, v]) => typeof v === "number" || typeof v === "string" || typeof v === "boolean",
  );
  if (scalars.length === 0) return null;
  return (
    <dl className="figures">
      {scalars.slice(0, 10).map(([key, value]) => (
        <div key={key}>
          <dt>{key.replace(/_/g, " ")}</dt>
          <dd>{typeof value === "number" ? formatNumber(value) : String(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function EvidenceView({ finding }: { finding: Finding }) {
  const evidence = finding.evidence;
  if (points(evidence.points).length > 0) return <MetricEvidence finding={finding} evidence={evidence} />;
  if (typeof evidence.template === "string") return <LogEvidence evidence={evidence} />;
  if (list(evidence.failing_spans).length > 0) return <SpanEvidence evidence={evidence} />;
  if (num(evidence.p95_before_ms) !== undefined) return <LatencyEvidence evidence={evidence} />;
  if (list(evidence.messages).length > 0) return <PodEvidence evidence={evidence} />;
  return <Figures evidence={evidence} />;
}
