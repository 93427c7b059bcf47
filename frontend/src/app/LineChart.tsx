/** A small, dependency-free SVG time-series chart: lines, an optional shaded band (a baseline or
 * a target) and labelled vertical markers (the incident start, an onset). Accessible as one
 * image whose description says what the chart shows. */
import { useId } from "react";
import { formatClock, formatNumber } from "./format";

export type Point = readonly [number, number]; // [unix seconds, value]

export interface Series {
  name: string;
  points: readonly Point[];
  tone?: "primary" | "secondary" | "danger";
}

export interface Marker {
  at: number;
  label: string;
}

export interface Band {
  low: number;
  high: number;
  label: string;
}

interface Props {
  title: string;
  description: string;
  series: Series[];
  markers?: Marker[];
  band?: Band | undefined;
  yFormat?: (value: number) => string;
  height?: number;
}

const WIDTH = 600;
const PAD = { left: 56, right: 12, top: 12, bottom: 24 };

export function scale(domain: [number, number], range: [number, number]): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

export function linePath(points: readonly Point[], x: (v: number) => number, y: (v: number) => number): string {
  return points
    .map(([t, v], i) => `${i === 0 ? "M" : "L"}${x(t).toFixed(1)},${y(v).toFixed(1)}`)
    .join(" ");
}

export function LineChart({
  title,
  description,
  series,
  markers = [],
  band,
  yFormat = formatNumber,
  height = 160,
}: Props) {
  const id = useId();
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) {
    return <p className="muted">No data points for {title}.</p>;
  }
  const times = [...all.map(([t]) => t), ...markers.map((m) => m.at)];
  const values = [...all.map(([, v]) => v), ...(band ? [band.low, band.high] : [])];
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  let [v0, v1] = [Math.min(...values), Math.max(...values)];
  const pad = (v1 - v0) * 0.08 || Math.abs(v1) * 0.1 || 1;
  v0 = v0 >= 0 && v0 - pad < 0 ? 0 : v0 - pad;
  v1 += pad;
  const x = scale([t0, t1], [PAD.left, WIDTH - PAD.right]);
  const y = scale([v0, v1], [height - PAD.bottom, PAD.top]);

  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-labelledby={`${id}-t`}
        aria-describedby={`${id}-d`}
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        {band && (
          <rect
            className="chart-band"
            x={PAD.left}
            width={WIDTH - PAD.left - PAD.right}
            y={y(band.high)}
            height={Math.max(1, y(band.low) - y(band.high))}
          >
            <title>{band.label}</title>
          </rect>
        )}
        <line className="chart-axis" x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={height - PAD.bottom} />
        <line
          className="chart-axis"
          x1={PAD.left}
          x2={WIDTH - PAD.right}
          y1={height - PAD.bottom}
          y2={height - PAD.bottom}
        />
        <text className="chart-label" x={PAD.left - 6} y={PAD.top + 4} textAnchor="end">
          {yFormat(v1)}
        </text>
        <text className="chart-label" x={PAD.left - 6} y={height - PAD.bottom} textAnchor="end">
          {yFormat(v0)}
        </text>
        <text className="chart-label" x={PAD.left} y={height - 6}>
          {formatClock(t0)}
        </text>
        <text className="chart-label" x={WIDTH - PAD.right} y={height - 6} textAnchor="end">
          {formatClock(t1)}
        </text>
        {series.map((s) => (
          <path key={s.name} className={`chart-line tone-${s.tone ?? "primary"}`} d={linePath(s.points, x, y)}>
            <title>{s.name}</title>
          </path>
        ))}
        {markers.map((m, i) => {
          const left = x(m.at) > WIDTH * 0.6; // label on the side with room
          return (
            <g key={`${m.label}-${m.at}`} className="chart-marker">
              <line x1={x(m.at)} x2={x(m.at)} y1={PAD.top} y2={height - PAD.bottom} />
              <text x={x(m.at) + (left ? -4 : 4)} y={PAD.top + 10 + i * 12} textAnchor={left ? "end" : "start"}>
                {m.label}
              </text>
            </g>
          );
        })}
      </svg>
      {series.length > 1 && (
        <figcaption className="chart-legend">
          {series.map((s) => (
            <span key={s.name} className={`legend tone-${s.tone ?? "primary"}`}>
              {s.name}
            </span>
          ))}
        </figcaption>
      )}
    </figure>
  );
}
