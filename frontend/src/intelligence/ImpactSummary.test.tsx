import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Service } from "../app/api/types";
import { makeIncident } from "../test-utils";
import { ImpactSummary } from "./ImpactSummary";

const service = { id: "s1", name: "payment-processing", users_served: 120_000, revenue_per_hour: 45_000 } as Service;

const figure = (label: string) => screen.getByText(label, { selector: "dt" }).nextElementSibling?.textContent;

describe("ImpactSummary", () => {
  it("shows the business impact the SLO system recorded, and MTTA/MTTR once resolved", () => {
    const incident = makeIncident({
      status: "resolved",
      resolved_at: "2026-11-29T10:42:00Z",
      mtta_seconds: 95,
      mttr_seconds: 2_520,
      metadata: {
        business_impact: {
          users_affected: 120_000,
          revenue_at_risk: 31_500,
          slos_breached: 1,
          slos_total: 2,
          budget_consumed_percent: 12.5,
          services_recovered: "1/1",
          slos: [
            { slo: "payments-availability", service: "payment-processing", status: "critical", breached_at: "x" },
            { slo: "payments-latency", service: "payment-processing", status: "healthy", breached_at: null },
          ],
          formulas: { revenue_at_risk: "sum of revenue_per_hour * hours" },
        },
      },
    });
    render(<ImpactSummary incident={incident} services={[service]} />);
    expect(figure("MTTR")).toBe("42m 0s");
    expect(figure("MTTA")).toBe("1m 35s");
    expect(figure("Users affected")).toBe("120K");
    expect(figure("Revenue at risk")).toBe("$31,500");
    expect(figure("SLOs breached")).toBe("1 of 2");
    expect(figure("Budget consumed")).toBe("12.5%");
    expect(figure("Services recovered")).toBe("1/1");
    expect(screen.getByText("Revenue at risk").parentElement).toHaveAttribute(
      "title",
      "sum of revenue_per_hour * hours",
    );
    const breached = within(screen.getByRole("list", { name: "Breached SLOs" })).getAllByRole("listitem");
    expect(breached.map((li) => li.textContent)).toEqual(["breached payments-availability (payment-processing)"]);
  });

  it("falls back to what the catalog says while no SLO measured the incident", () => {
    render(<ImpactSummary incident={makeIncident()} services={[service]} />);
    expect(figure("Revenue at risk")).toBe("—");
    expect(figure("MTTA")).toBe("not yet");
    expect(screen.getByText(/serve 120K users and carry \$45,000 of revenue per hour/)).toBeInTheDocument();
  });
});
