/** Display formats shared by the screens. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  const s = Math.max(0, Math.round(seconds));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3_600);
  const m = Math.floor((s % 3_600) / 60);
  const rest = s % 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${rest}s`;
  return `${rest}s`;
}

export function secondsBetween(from: string, to: string | Date = new Date()): number {
  const end = typeof to === "string" ? Date.parse(to) : to.getTime();
  return (end - Date.parse(from)) / 1000;
}

export function formatTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, {
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
}

export function formatClock(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toLocaleTimeString(undefined, {
    hour: "2-digit",
    minute: "2-digit",
  });
}

export function timeAgo(iso: string, now: Date = new Date()): string {
  const seconds = secondsBetween(iso, now);
  return seconds < 45 ? "just now" : `${formatDuration(seconds).split(" ")[0]} ago`;
}

const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 3 });

export function formatNumber(value: number): string {
  return Math.abs(value) >= 10_000 ? compact.format(value) : Number(value.toPrecision(3)).toString();
}

export function formatMoney(value: number): string {
  return new Intl.NumberFormat("en", {
    style: "currency",
    currency: "USD",
    maximumFractionDigits: 0,
  }).format(value);
}

export function formatPercent(fraction: number, digits = 0): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}
