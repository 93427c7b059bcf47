import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Correlations, Finding } from "../app/api/types";
import { aroundStart } from "./Evidence";
import { pickFindings, RootCausePanel } from "./RootCausePanel";

const start = 1_000_000;
const finding = (overrides: Partial<Finding>): Finding => ({
  analyzer: "metrics",
  service: "payment-processing",
  signal: "metrics",
  kind: "metric_spike",
  summary: "error rose",
  score: 1,
  fault: "pool-exhaustion",
  onset: start + 5,
  evidence: {},
  ...overrides,
});

const run = {
  id: "r1",
  incident_id: "i1",
  status: "completed" as const,
  trigger: "incident_created",
  attempts: 1,
  queued_at: "2026-11-29T10:00:00Z",
  started_at: "2026-11-29T10:00:00Z",
  finished_at: "2026-11-29T10:00:01Z",
  duration_ms: 470,
  degraded: false,
  sources: {},
  analyzers: {},
  problems: {},
  error: null,
};

const correlations: Correlations = {
  incident_id: "i1",
  run,
  runs: [run],
  certainty: "likely",
  hypotheses: [
    {
      rank: 1,
      service: "payment-processing",
      fault: "pool-exhaustion",
      confidence: 0.93,
      summary: "Connection pool exhaustion in payment-processing",
      findings: [
        finding({
          summary: "error of payment-processing rose from 0.006 to 0.82",
          evidence: {
            metric: "error",
            points: [
              [start - 60, 0.005],
              [start - 30, 0.006],
              [start + 10, 0.82],
            ],
            baseline_median: 0.0056,
            baseline_iqr: 0.0009,
            after_median: 0.82,
            started_at: start,
          },
        }),
        finding({
          analyzer: "logs",
          signal: "logs",
          kind: "log_pattern",
          summary: "connection pool exhausted × 59",
          evidence: {
            template: "connection pool exhausted: <NUM>/<NUM> connections in use",
            count_before: 0,
            count_after: 59,
            samples: ["connection pool exhausted: 45/50 connections in use"],
          },
        }),
        finding({
          analyzer: "traces",
          signal: "traces",
          kind: "deepest_failing_span",
          summary: "errors originate in payment-processing",
          evidence: {
            failing_spans: [{ trace_id: "abcdef0123456789", operation: "db.pool.acquire", duration_ms: 3000 }],
          },
        }),
        finding({
          analyzer: "k8s",
          signal: "k8s",
          kind: "pod_restarts",
          summary: "container restart × 4",
          evidence: {
            pods: ["payment-processing-1"],
            reasons: { Killing: 2, Error: 2 },
            times: [start + 18],
            messages: ["Container payment-processing failed liveness probe"],
          },
        }),
      ],
    },
    {
      rank: 2,
      service: "checkout",
      fault: "delay",
      confidence: 0.1,
      summary: "Latency increase in checkout",
      findings: [finding({ service: "checkout", summary: "latency rose", evidence: { ratio: 3.5 } })],
    },
  ],
};

describe("RootCausePanel", () => {
  it("ranks hypotheses with their confidence and shows the evidence itself", () => {
    render(<RootCausePanel correlations={correlations} error={null} />);
    const [top, second] = within(screen.getByRole("list", { name: "Ranked hypotheses" })).getAllByRole("article");
    expect(within(top!).getByRole("heading")).toHaveTextContent("#1 Connection pool exhaustion in payment-processing");
    expect(within(top!).getByText("93% confidence")).toBeInTheDocument();
    expect(within(top!).getByRole("img", { name: "error of payment-processing" })).toHaveAccessibleDescription(
      "error of payment-processing: usually 0.0056, 0.82 after the start (3 points)",
    );
    expect(within(top!).getByText("connection pool exhausted: <NUM>/<NUM> connections in use")).toBeInTheDocument();
    expect(within(top!).getByLabelText("count after the start")).toHaveAttribute("value", "59");
    expect(within(top!).getByRole("cell", { name: "db.pool.acquire" })).toBeInTheDocument();
    expect(within(top!).getByText("Killing × 2")).toBeInTheDocument();
    expect(within(second!).getByText("10% confidence")).toBeInTheDocument();
    const open = [...top!.querySelectorAll("details[open] > summary")].map((el) => el.textContent);
    expect(open).toHaveLength(4); // the strongest finding of each signal is shown open
    expect(screen.getByRole("status")).toHaveTextContent("Analyzed in 0s (1 run).");
  });

  it("says when the analysis is still running or was degraded", () => {
    const running = { ...correlations, hypotheses: [], run: null, runs: [{ ...run, status: "running" as const }] };
    const { rerender } = render(<RootCausePanel correlations={running} error={null} />);
    expect(screen.getByRole("status")).toHaveTextContent("Analysis running…");
    const degraded = { ...correlations, run: { ...run, degraded: true, problems: { traces: "timeout" } } };
    rerender(<RootCausePanel correlations={degraded} error={null} />);
    expect(screen.getByRole("note")).toHaveTextContent("Degraded result: traces did not answer fully.");
    const problems = { "source:logs": "timeout", "reference:metrics": "down", "analyzer:k8s": "raised" };
    rerender(<RootCausePanel correlations={{ ...degraded, run: { ...degraded.run, problems } }} error={null} />);
    expect(screen.getByRole("note")).toHaveTextContent(
      "Degraded result: the logs source, the metrics reference period, the k8s analyzer did not answer fully.",
    );
  });

  it("says uncertain when the confidence is low or split, and only then", () => {
    const { rerender } = render(<RootCausePanel correlations={correlations} error={null} />);
    expect(screen.queryByText(/Uncertain/)).not.toBeInTheDocument();
    rerender(<RootCausePanel correlations={{ ...correlations, certainty: "uncertain" }} error={null} />);
    expect(screen.getByRole("note")).toHaveTextContent("Uncertain: the evidence does not single out one service");
  });
});

describe("pickFindings", () => {
  it("keeps the strongest findings and the strongest of every signal, those open", () => {
    const logs = Array.from({ length: 9 }, (_, i) => finding({ signal: "logs", summary: `log ${i}` }));
    const metric = finding({ signal: "metrics", summary: "metric" });
    const { shown, open } = pickFindings([...logs, metric], 8);
    expect(shown.map((f) => f.summary)).toEqual([...logs.slice(0, 8).map((f) => f.summary), "metric"]);
    expect([...open].map((f) => f.summary)).toEqual(["log 0", "metric"]);
  });
});

describe("aroundStart", () => {
  it("keeps four times the evidence window of baseline, at least five minutes", () => {
    const points = Array.from({ length: 100 }, (_, i) => [start - 1_800 + i * 20, i] as const);
    const kept = aroundStart(points, start);
    expect(kept[0]?.[0]).toBeGreaterThanOrEqual(start - 4 * 180);
    expect(kept.at(-1)).toEqual(points.at(-1));
    expect(aroundStart(points, undefined)).toBe(points);
  });
});
