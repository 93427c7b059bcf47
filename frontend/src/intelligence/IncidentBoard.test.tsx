import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { FakeEventSource, fakeApi, makeIncident, page, renderScreen } from "../test-utils";
import { IncidentBoard } from "./IncidentBoard";

const services = page([{ id: "s1", name: "payment-processing" }, { id: "s2", name: "checkout" }]);

describe("IncidentBoard", () => {
  it("lists incidents and filters through the API", async () => {
    const { api, requests } = fakeApi({
      "GET /api/incidents": page([makeIncident(), makeIncident({ id: "i2", title: "Cart slow", severity: "low" })], 60),
      "GET /api/services": services,
    });
    renderScreen(<IncidentBoard />, { api });
    const table = await screen.findByRole("table");
    expect(within(table).getByRole("link", { name: "Payments failing" })).toHaveAttribute("href", "/incidents/i1");
    expect(within(table).getAllByRole("row")).toHaveLength(3);
    expect(screen.getByText("Page 1 of 3 · 60 incidents")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("checkbox", { name: "open" }));
    await userEvent.click(screen.getByRole("checkbox", { name: "critical" }));
    await userEvent.selectOptions(await screen.findByLabelText("Service"), "checkout");
    await userEvent.click(screen.getByRole("button", { name: "Next" }));
    await waitFor(() => expect(requests("/api/incidents").at(-1)?.query.get("page")).toBe("2"));
    const last = requests("/api/incidents").at(-1)?.query;
    expect(Object.fromEntries(last ?? [])).toEqual({
      status: "open",
      severity: "critical",
      service: "checkout",
      sort: "-started_at",
      page: "2",
      per_page: "25",
    });
  });

  it("reloads in place when a live change arrives, and highlights the incident", async () => {
    let items = [makeIncident()];
    const { api, requests } = fakeApi({
      "GET /api/incidents": () => page(items),
      "GET /api/services": services,
    });
    renderScreen(<IncidentBoard />, { api });
    await screen.findByRole("link", { name: "Payments failing" });
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    const arrived = makeIncident({ id: "i9", title: "Checkout down" });
    items = [arrived, ...items];
    act(() => FakeEventSource.latest().send("incident", { incident: arrived, events: [] }));
    const link = await screen.findByRole("link", { name: "Checkout down" });
    expect(link.closest("tr")).toHaveClass("flash");
    expect(screen.getByRole("link", { name: "Payments failing" }).closest("tr")).not.toHaveClass("flash");
    expect(requests("/api/incidents").length).toBeGreaterThanOrEqual(2);
  });

  it("renders one page of a thousand incidents, sized by the chosen page length", async () => {
    const { api, requests } = fakeApi({
      "GET /api/incidents": (call: { query: URLSearchParams }) => {
        const perPage = Number(call.query.get("per_page"));
        const items = Array.from({ length: perPage }, (_, i) => makeIncident({ id: `i${i}`, title: `incident ${i}` }));
        return { items, total: 1_000, page: Number(call.query.get("page")), per_page: perPage };
      },
      "GET /api/services": services,
    });
    renderScreen(<IncidentBoard />, { api });
    expect(await screen.findByText("Page 1 of 40 · 1000 incidents")).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText("Per page"), "100");
    expect(await screen.findByText("Page 1 of 10 · 1000 incidents")).toBeInTheDocument();
    expect(within(screen.getByRole("table")).getAllByRole("row")).toHaveLength(101);
    expect(requests("/api/incidents").at(-1)?.query.get("per_page")).toBe("100");
  });

  it("offers responders a way to declare an incident, and viewers none", async () => {
    const routes = { "GET /api/incidents": page([]), "GET /api/services": services };
    const viewer = fakeApi(routes, "viewer");
    const { unmount } = renderScreen(<IncidentBoard />, { api: viewer.api });
    expect(await screen.findByText("No incidents match these filters.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Declare incident" })).toBeNull();
    unmount();

    const responder = fakeApi({ ...routes, "POST /api/incidents": makeIncident() }, "responder");
    renderScreen(<IncidentBoard />, { api: responder.api });
    await userEvent.click(await screen.findByRole("button", { name: "Declare incident" }));
    await userEvent.type(screen.getByLabelText("Title"), "Search is down");
    await userEvent.selectOptions(screen.getByLabelText("Services"), ["checkout"]);
    await userEvent.click(screen.getByRole("button", { name: "Declare" }));
    await waitFor(() => expect(responder.requests("/api/incidents").some((c) => c.method === "POST")).toBe(true));
    const post = responder.calls.find((c) => c.method === "POST");
    expect(post?.body).toEqual({ title: "Search is down", severity: "high", services: [{ name: "checkout" }] });
  });
});
