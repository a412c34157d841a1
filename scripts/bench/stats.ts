/** Percentiles and a printed table for `npm run bench`. */
export interface Sample {
  readonly name: string;
  readonly n: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly unit: string;
}

export function summarize(name: string, values: readonly number[], unit = "ms"): Sample {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  const round = (v: number) => Math.round(v * 100) / 100;
  return { name, n: sorted.length, p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)), max: round(sorted.at(-1) ?? NaN), unit };
}

export function printTable(samples: readonly Sample[]): void {
  const rows = samples.map((s) => [s.name, String(s.n), String(s.p50), String(s.p95), String(s.p99), String(s.max), s.unit]);
  const headers = ["measure", "n", "p50", "p95", "p99", "max", "unit"];
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(line(headers));
  for (const row of rows) console.log(line(row));
}
