import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { fakeApi, page, renderScreen } from "../test-utils";
import { SloDetail } from "./SloDetail";
import { SloList } from "./SloList";

const slo = {
  id: "slo1",
  name: "payments-availability",
  service: "payment-processing",
  description: "",
  target: 99.9,
  window: "28d",
  owner: "payments",
  runbook_url: "",
  status: "warning",
  evaluated_at: "2026-11-29T10:00:00Z",
  sli_percent: 99.95,
  budget_remaining_percent: 48.5,
};

const point = (minute: number, budget: number, burn: number) => ({
  evaluated_at: `2026-11-29T10:${String(minute).padStart(2, "0")}:00Z`,
  status: "warning",
  sli_percent: 99.9 + minute / 1000,
  budget_remaining_percent: budget,
  total_events: 1000,
  bad_events: 2,
  burn_rates: { "1h": burn, "6h": burn / 2 },
  firing_tiers: [],
});

describe("SLO views", () => {
  it("lists SLOs with status and budget remaining", async () => {
    const { api } = fakeApi({ "GET /api/slos": page([slo]) });
    renderScreen(<SloList />, { api });
    const row = (await screen.findByRole("link", { name: "payments-availability" })).closest("tr") as HTMLElement;
    expect(row).toHaveTextContent("99.9% over 28d");
    expect(within(row).getByText("warning")).toBeInTheDocument();
    expect(within(row).getByLabelText("error budget remaining")).toHaveAttribute("value", "48.5");
  });

  it("charts budget, burn rates and the SLI from history, beside the current evaluation", async () => {
    const { api, requests } = fakeApi({
      "GET /api/slos/slo1": slo,
      "GET /api/slos/slo1/history": { slo_id: "slo1", since: "", until: "", truncated: false, items: [point(0, 60, 2), point(5, 55, 3), point(10, 48.5, 4)] },
      "GET /api/slos/slo1/status": {
        status: "warning",
        sli_percent: 99.95,
        error_budget: { remaining_percent: 48.5, remaining_minutes: 19.5, exhaustion_seconds: 7200 },
        burn_rates: [{ window: "1h", burn_rate: 4, bad_events: 2, total_events: 1000 }],
        tiers: [{ severity: "page", long_window: "1h", short_window: "5m", threshold: 13.44, firing: false }],
      },
    });
    renderScreen(<SloDetail />, { api, path: "/slos/slo1", route: "/slos/:id" });
    expect(await screen.findByRole("img", { name: "Error budget remaining" })).toBeInTheDocument();
    const burn = screen.getByRole("img", { name: "Burn rates" });
    expect(burn.querySelectorAll("path.chart-line")).toHaveLength(2);
    expect(screen.getByRole("img", { name: "SLI" })).toHaveAccessibleDescription("SLI against the 99.9% objective");
    expect(await screen.findByText("2h 0m")).toBeInTheDocument();
    expect(screen.getByRole("list", { name: "Alert tiers" })).toHaveTextContent("page 1h/5m above 13.4×: quiet");

    await userEvent.selectOptions(screen.getByLabelText("Range"), "7d");
    const since = requests("/api/slos/slo1/history").at(-1)?.query.get("since") ?? "";
    expect(Date.now() - Date.parse(since)).toBeGreaterThan(6.9 * 86_400_000);
  });

  it("says why there is no current evaluation and no history", async () => {
    const { api } = fakeApi({
      "GET /api/slos/slo1": slo,
      "GET /api/slos/slo1/history": { slo_id: "slo1", since: "", until: "", truncated: false, items: [] },
      "GET /api/slos/slo1/status": () =>
        new Response(
          JSON.stringify({ error: { code: "prometheus_not_configured", message: "SLOs are evaluated from Prometheus" } }),
          { status: 503 },
        ),
    });
    renderScreen(<SloDetail />, { api, path: "/slos/slo1", route: "/slos/:id" });
    expect(await screen.findByRole("alert")).toHaveTextContent("SLOs are evaluated from Prometheus");
    expect(await screen.findByText("No evaluations in this range yet.")).toBeInTheDocument();
  });
});
