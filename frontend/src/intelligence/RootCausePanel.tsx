/** Ranked root-cause hypotheses with their confidence and the evidence itself. */
import type { Correlations, Finding, Hypothesis } from "../app/api/types";
import { formatDuration, formatPercent } from "../app/format";
import { ErrorNotice, Panel } from "../app/ui";
import { EvidenceView } from "./Evidence";

const SHOWN_FINDINGS = 8;

const PROBLEM_KINDS: Record<string, (name: string) => string> = {
  source: (name) => `the ${name} source`,
  reference: (name) => `the ${name} reference period`,
  analyzer: (name) => `the ${name} analyzer`,
};

/** "source:metrics" -> "the metrics source": a run's problem keys in words. */
export function problemLabel(key: string): string {
  const [kind, ...rest] = key.split(":");
  const label = kind === undefined ? undefined : PROBLEM_KINDS[kind];
  return label && rest.length ? label(rest.join(":")) : key;
}

function FindingItem({ finding, open }: { finding: Finding; open: boolean }) {
  return (
    <li className="finding">
      <details open={open}>
        <summary>
          <span className="chip">{finding.analyzer}</span> {finding.summary}{" "}
          <span className="muted">score {finding.score.toFixed(2)}</span>
        </summary>
        <EvidenceView finding={finding} />
      </details>
    </li>
  );
}

/** The strongest findings, plus the strongest of every signal (metrics, logs, traces, k8s)
 * that did not make the cut, so each kind of evidence is there; the latter are the ones shown
 * open. */
export function pickFindings(findings: Finding[], limit = SHOWN_FINDINGS): { shown: Finding[]; open: Set<Finding> } {
  const open = new Map<string, Finding>();
  for (const finding of findings) if (!open.has(finding.signal)) open.set(finding.signal, finding);
  const leaders = new Set(open.values());
  const shown = findings.filter((finding, i) => i < limit || leaders.has(finding));
  return { shown, open: leaders };
}

function HypothesisCard({ hypothesis, top }: { hypothesis: Hypothesis; top: boolean }) {
  const { shown: findings, open } = pickFindings(hypothesis.findings);
  const more = hypothesis.findings.length - findings.length;
  const confidence = formatPercent(hypothesis.confidence);
  const body = (
    <>
      <ul className="findings">
        {findings.map((finding, i) => (
          <FindingItem
            key={`${finding.analyzer}-${finding.kind}-${i}`}
            finding={finding}
            open={top && open.has(finding)}
          />
        ))}
      </ul>
      {more > 0 && <p className="muted">and {more} more findings</p>}
    </>
  );
  return (
    <li className={`hypothesis${top ? " top" : ""}`}>
      <article aria-labelledby={`hypothesis-${hypothesis.rank}`}>
        <header className="hypothesis-head">
          <h3 id={`hypothesis-${hypothesis.rank}`}>
            <span className="rank">#{hypothesis.rank}</span> {hypothesis.summary}
          </h3>
          <div className="confidence">
            <meter min={0} max={1} value={hypothesis.confidence} aria-label={`confidence ${confidence}`} />
            <span>{confidence} confidence</span>
          </div>
        </header>
        <p className="tags">
          <span className="chip">service: {hypothesis.service}</span>
          <span className="chip">fault: {hypothesis.fault}</span>
          <span className="chip">{hypothesis.findings.length} findings</span>
        </p>
        {top ? (
          body
        ) : (
          <details>
            <summary>Evidence</summary>
            {body}
          </details>
        )}
      </article>
    </li>
  );
}

interface Props {
  correlations: Correlations | undefined;
  error: unknown;
  onReanalyze?: (() => void) | undefined;
}

export function RootCausePanel({ correlations, error, onReanalyze }: Props) {
  const latest = correlations?.runs[0];
  const shown = correlations?.run;
  const problems = Object.keys(shown?.problems ?? {}).map(problemLabel);
  return (
    <Panel
      id="root-cause"
      title="Root cause"
      className="root-cause"
      actions={
        onReanalyze && (
          <button type="button" onClick={onReanalyze}>
            Analyze again
          </button>
        )
      }
    >
      <ErrorNotice error={error} />
      <p className="run-status" role="status">
        {latest === undefined
          ? "No analysis has run yet."
          : latest.status === "queued" || latest.status === "running"
            ? `Analysis ${latest.status}…`
            : latest.status === "failed"
              ? `The last analysis failed: ${latest.error ?? "unknown error"}`
              : `Analyzed in ${formatDuration((latest.duration_ms ?? 0) / 1000)} (${correlations?.runs.length} run${correlations?.runs.length === 1 ? "" : "s"}).`}
      </p>
      {shown?.degraded && (
        <p className="warning" role="note">
          Degraded result: {problems.length ? problems.join(", ") : "some sources"} did not answer fully.
        </p>
      )}
      {correlations?.certainty === "uncertain" && (
        <p className="warning uncertain" role="note">
          Uncertain: the evidence does not single out one service (low or split confidence). Compare
          the hypotheses&apos; evidence before acting on the first.
        </p>
      )}
      {correlations && correlations.hypotheses.length === 0 && latest?.status === "completed" && (
        <p className="muted">No hypothesis stood out from the evidence.</p>
      )}
      {correlations && correlations.hypotheses.length > 0 && (
        <ol className="hypotheses" aria-label="Ranked hypotheses">
          {correlations.hypotheses.map((hypothesis, i) => (
            <HypothesisCard key={hypothesis.rank} hypothesis={hypothesis} top={i === 0} />
          ))}
        </ol>
      )}
    </Panel>
  );
}
