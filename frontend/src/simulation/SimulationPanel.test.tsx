import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { fakeApi, renderScreen } from "../test-utils";
import { SimulationPanel } from "./SimulationPanel";

const scenarios = {
  services: ["payment-processing", "checkout"],
  items: [
    {
      name: "pool-exhaustion",
      title: "PostgreSQL connection pool exhaustion in payment-processing",
      description: "Slow transactions hold every connection.",
      service: "payment-processing",
      fault: "pool-exhaustion",
      payload: {},
    },
  ],
};
const fault = { service: "payment-processing", fault: "pool-exhaustion" };
const injected = {
  fault,
  peak_error_rate: 0.95,
  affected_services: ["payment-processing", "checkout"],
  incident: { id: "i7", title: "Simulated failure in payment-processing", severity: "critical" },
  analysis_scheduled_at: "2026-11-29T10:00:25Z",
};

describe("SimulationPanel", () => {
  it("runs a scenario and links to the incident it opened, then recovers", async () => {
    const { api, calls } = fakeApi({
      "GET /api/test/scenarios": scenarios,
      "POST /api/test/scenarios/pool-exhaustion": injected,
      "POST /api/test/recover": { recovered: [fault] },
    });
    renderScreen(<SimulationPanel />, { api });
    await userEvent.click(await screen.findByRole("button", { name: "Inject pool-exhaustion" }));
    expect(await screen.findByRole("link", { name: "Simulated failure in payment-processing" })).toHaveAttribute(
      "href",
      "/incidents/i7",
    );
    expect(screen.getByText(/peak error rate 95% across payment-processing, checkout/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Recover all" }));
    expect(await screen.findByText("Recovered: payment-processing.")).toBeInTheDocument();
    expect(calls.filter((c) => c.method === "POST").map((c) => c.path)).toEqual([
      "/api/test/scenarios/pool-exhaustion",
      "/api/test/recover",
    ]);
  });

  it("injects a custom fault with only the effects that were set", async () => {
    const { api, calls } = fakeApi({ "GET /api/test/scenarios": scenarios, "POST /api/test/fail": { ...injected, incident: null } });
    renderScreen(<SimulationPanel />, { api });
    await userEvent.selectOptions(await screen.findByLabelText("Service"), "checkout");
    await userEvent.clear(screen.getByLabelText("Error rate (0–1)"));
    await userEvent.type(screen.getByLabelText("Error rate (0–1)"), "0.2");
    await userEvent.type(screen.getByLabelText("CPU %"), "90");
    await userEvent.click(screen.getByRole("button", { name: "Inject fault" }));
    await waitFor(() => expect(calls.some((c) => c.path === "/api/test/fail")).toBe(true));
    expect(calls.find((c) => c.path === "/api/test/fail")?.body).toEqual({ service: "checkout", error_rate: 0.2, cpu_usage: 90 });
    expect(await screen.findByText("The error rate stays under 25%: no incident is opened.")).toBeInTheDocument();
  });

  it("explains when the simulation is off", async () => {
    const { api } = fakeApi({});
    renderScreen(<SimulationPanel />, { api });
    expect(await screen.findByText(/simulation is disabled on this server/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Recover all" })).toBeDisabled();
  });
});
