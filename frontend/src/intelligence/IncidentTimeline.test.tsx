import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { TimelineEvent } from "../app/api/types";
import { IncidentTimeline } from "./IncidentTimeline";

const event = (id: number, overrides: Partial<TimelineEvent>): TimelineEvent => ({
  id,
  incident_id: "i1",
  event_type: "note",
  source: "user",
  title: `event ${id}`,
  description: "",
  metadata: {},
  occurred_at: `2026-11-29T10:0${id}:00Z`,
  created_at: `2026-11-29T10:0${id}:00Z`,
  actor: null,
  ...overrides,
});

const events = [
  event(1, { event_type: "incident_created", title: "Incident created", actor: { id: "u1", username: "ada" } }),
  event(2, { event_type: "metric_spike", source: "prometheus", title: "error rose" }),
  event(3, { event_type: "root_cause_identified", source: "correlation_engine", title: "Root cause: pool" }),
];

describe("IncidentTimeline", () => {
  it("lists events in order with their source, and adds notes", async () => {
    const onAddNote = vi.fn(async () => undefined);
    render(<IncidentTimeline events={events} locked={false} canWrite onAddNote={onAddNote} />);
    const items = within(screen.getByRole("list", { name: "Timeline events" })).getAllByRole("listitem");
    expect(items.map((li) => li.querySelector(".event-title")?.textContent)).toEqual([
      "Incident created",
      "error rose",
      "Root cause: pool",
    ]);
    expect(items[1]).toHaveTextContent("from Prometheus");
    expect(items[0]).toHaveTextContent("by ada");

    await userEvent.type(screen.getByLabelText("Add a note"), "  Restarted the pool  ");
    await userEvent.type(screen.getByLabelText("Details"), "max 100");
    await userEvent.click(screen.getByRole("button", { name: "Add note" }));
    expect(onAddNote).toHaveBeenCalledWith("Restarted the pool", "max 100");
    expect(screen.getByLabelText("Add a note")).toHaveValue("");
  });

  it("shows the locked state and no form once resolved", () => {
    render(<IncidentTimeline events={events} locked canWrite onAddNote={vi.fn()} />);
    expect(screen.getByRole("note")).toHaveTextContent("timeline is locked");
    expect(screen.queryByLabelText("Add a note")).toBeNull();
  });

  it("keeps the error when a note is refused", async () => {
    const onAddNote = vi.fn(async () => {
      throw new Error("The incident is resolved and its timeline is locked");
    });
    render(<IncidentTimeline events={[]} locked={false} canWrite onAddNote={onAddNote} />);
    await userEvent.type(screen.getByLabelText("Add a note"), "late note");
    await userEvent.click(screen.getByRole("button", { name: "Add note" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("timeline is locked");
    expect(screen.getByLabelText("Add a note")).toHaveValue("late note");
  });
});
