import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { makeIncident } from "../test-utils";
import { StatusControls } from "./StatusControls";

describe("StatusControls", () => {
  it("offers the allowed transitions and resolves with the suggested root cause", async () => {
    const onPatch = vi.fn(async () => undefined);
    render(
      <StatusControls
        incident={makeIncident({ status: "investigating" })}
        suggestedRootCause="Connection pool exhaustion in payment-processing"
        onPatch={onPatch}
      />,
    );
    const group = screen.getByRole("group", { name: "Change status" });
    expect([...group.querySelectorAll("button")].map((b) => b.textContent)).toEqual(["Mark mitigated", "Resolve…"]);
    await userEvent.click(screen.getByRole("button", { name: "Mark mitigated" }));
    expect(onPatch).toHaveBeenLastCalledWith({ status: "mitigated" });

    await userEvent.click(screen.getByRole("button", { name: "Resolve…" }));
    expect(screen.getByLabelText("Root cause")).toHaveValue("Connection pool exhaustion in payment-processing");
    expect(screen.getByRole("button", { name: "Resolve incident" })).toBeDisabled();
    await userEvent.type(screen.getByLabelText("Resolution"), "Raised the pool size");
    await userEvent.click(screen.getByRole("button", { name: "Resolve incident" }));
    expect(onPatch).toHaveBeenLastCalledWith({
      status: "resolved",
      root_cause: "Connection pool exhaustion in payment-processing",
      resolution: "Raised the pool size",
    });
  });

  it("shows nothing for a resolved incident", () => {
    const { container } = render(
      <StatusControls incident={makeIncident({ status: "resolved" })} suggestedRootCause="" onPatch={vi.fn()} />,
    );
    expect(container).toBeEmptyDOMElement();
  });
});
