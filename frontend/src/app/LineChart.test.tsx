import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { LineChart, linePath, scale } from "./LineChart";

describe("scale and linePath", () => {
  it("maps the domain onto the range, inverted for y", () => {
    const y = scale([0, 10], [100, 0]);
    expect([y(0), y(5), y(10)]).toEqual([100, 50, 0]);
    expect(scale([3, 3], [0, 10])(3)).toBe(0); // a flat domain does not divide by zero
  });

  it("draws one segment per point", () => {
    const x = scale([0, 2], [0, 200]);
    const y = scale([0, 1], [100, 0]);
    expect(linePath([[0, 0], [1, 1], [2, 0.5]], x, y)).toBe("M0.0,100.0 L100.0,0.0 L200.0,50.0");
  });
});

describe("LineChart", () => {
  it("is an image described for screen readers, with its markers and band", () => {
    render(
      <LineChart
        title="error of payment-processing"
        description="rose from 0.6% to 82%"
        series={[{ name: "error", points: [[100, 0.01], [115, 0.02], [130, 0.8]] }]}
        markers={[{ at: 120, label: "incident start" }]}
        band={{ low: 0, high: 0.02, label: "usual range" }}
      />,
    );
    const chart = screen.getByRole("img", { name: /error of payment-processing/ });
    expect(chart).toHaveAccessibleDescription("rose from 0.6% to 82%");
    expect(chart.querySelectorAll("path.chart-line")).toHaveLength(1);
    expect(chart.querySelector(".chart-band")).not.toBeNull();
    expect(screen.getByText("incident start")).toBeInTheDocument();
  });

  it("says so when there is nothing to draw", () => {
    render(<LineChart title="cpu" description="" series={[{ name: "cpu", points: [] }]} />);
    expect(screen.getByText("No data points for cpu.")).toBeInTheDocument();
  });
});
