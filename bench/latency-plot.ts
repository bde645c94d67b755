/**
 * An SVG plot of L1's latency by percentile, written by hand (no plotting dependency): x is the
 * percentile on HdrHistogram's scale (log of 1 / (1 - p), 50 % to 99.99 %), y the latency in ms on a
 * log scale (the series span from tenths of a millisecond to seconds). One line per (server, rate, acks)
 * series and kind (produce-to-ack solid, end-to-end dashed), from the merged histograms of its counted runs.
 */
import type { LatencySummary } from './latency-histogram.js';
import { mergeBuckets, percentilesUs } from './latency-histogram.js';
import type { WorkloadRow } from './report.js';

const WIDTH = 1020;
const HEIGHT = 560;
const MARGIN = { left: 70, right: 390, top: 40, bottom: 55 };
const X_TICKS = [50, 90, 99, 99.9, 99.99];
const COLORS = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#ff7f0e',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#7f7f7f',
];

export interface PlotSeries {
  label: string;
  /** Lines of one (server, rate, acks) series share a colour; end-to-end is dashed. */
  group: string;
  dashed: boolean;
  /** [percentile, latency ms] points, percentile ascending. */
  points: [number, number][];
}

/** Percentiles sampled for each line: 50 % to 99.99 %, evenly on the log(1 / (1 - p)) axis. */
function samplePercentiles(): number[] {
  const out: number[] = [];
  const steps = 80;
  for (let i = 0; i <= steps; i++) {
    const x = Math.log10(2) + (i / steps) * (4 - Math.log10(2));
    out.push(100 * (1 - 10 ** -x));
  }
  return out;
}

/** The plot's lines from L1's rows: one per row, target and kind with counted runs. */
export function latencySeries(rows: readonly WorkloadRow[]): PlotSeries[] {
  const pcts = samplePercentiles();
  const series: PlotSeries[] = [];
  for (const row of rows.filter((r) => r.workload === 'L1')) {
    for (const target of ['sink', 'broker'] as const) {
      const runs = row.samples.filter((s) => !s.discarded && s.target === target && s.openLoop !== undefined);
      if (runs.length === 0) continue;
      const kinds: [string, boolean, LatencySummary[]][] = [
        ['ack', false, runs.map((s) => s.openLoop?.ack as LatencySummary)],
        ['e2e', true, runs.flatMap((s) => (s.openLoop?.e2e === undefined ? [] : [s.openLoop.e2e]))],
      ];
      const first = runs[0]?.openLoop;
      const rate = first === undefined ? '' : `${(first.rate / 1000).toFixed(1).replace(/\.0$/, '')} k msg/s`;
      const acks = first === undefined ? '' : first.acks === 'all' ? 'acks=all (sync)' : 'acks=1';
      for (const [kind, dashed, summaries] of kinds) {
        if (summaries.length === 0) continue;
        const n = summaries.length;
        const values = percentilesUs(mergeBuckets(summaries), pcts);
        series.push({
          group: `${target} ${row.note}`,
          label: `${target}, ${rate}, ${acks}, ${kind === 'ack' ? 'produce-to-ack' : 'end-to-end'} (${n} run${n > 1 ? 's' : ''})`,
          dashed,
          points: pcts.map((p, i) => [p, Math.max((values[i] as number) / 1000, 0.001)]),
        });
      }
    }
  }
  return series;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The SVG document for some series; '' when there is nothing to plot. */
export function latencyPlotSvg(series: readonly PlotSeries[], title: string): string {
  if (series.length === 0) return '';
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const xOf = (p: number): number => {
    const v = Math.log10(1 / (1 - p / 100));
    return MARGIN.left + ((v - Math.log10(2)) / (4 - Math.log10(2))) * plotW;
  };
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series)
    for (const [, y] of s.points) {
      lo = Math.min(lo, y);
      hi = Math.max(hi, y);
    }
  const yMin = 10 ** Math.floor(Math.log10(lo));
  const yMax = 10 ** Math.ceil(Math.log10(hi === lo ? hi * 10 : hi));
  const yOf = (ms: number): number =>
    MARGIN.top +
    plotH -
    ((Math.log10(ms) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * plotH;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${MARGIN.left}" y="22" font-size="15">${escapeXml(title)}</text>`,
  ];
  for (let e = Math.log10(yMin); e <= Math.log10(yMax); e++) {
    const y = yOf(10 ** e).toFixed(1);
    const label = 10 ** e >= 1 ? String(10 ** e) : (10 ** e).toFixed(-e);
    out.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y}" y2="${y}" stroke="#ddd"/>`,
      `<text x="${MARGIN.left - 8}" y="${y}" text-anchor="end" dominant-baseline="middle">${label}</text>`,
    );
  }
  for (const p of X_TICKS) {
    const x = xOf(p).toFixed(1);
    out.push(
      `<line x1="${x}" x2="${x}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#ddd"/>`,
      `<text x="${x}" y="${MARGIN.top + plotH + 18}" text-anchor="middle">${p}%</text>`,
    );
  }
  out.push(
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`,
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 12}" text-anchor="middle">percentile</text>`,
    `<text transform="translate(18 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">latency (ms, log scale)</text>`,
  );
  const groups = [...new Set(series.map((s) => s.group))];
  series.forEach((s, i) => {
    const color = COLORS[groups.indexOf(s.group) % COLORS.length] as string;
    const d = s.points.map(
      ([p, ms], j) => `${j === 0 ? 'M' : 'L'}${xOf(p).toFixed(1)},${yOf(ms).toFixed(1)}`,
    );
    out.push(
      `<path d="${d.join(' ')}" fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
    );
    const ly = MARGIN.top + 8 + i * 18;
    const lx = MARGIN.left + plotW + 14;
    out.push(
      `<line x1="${lx}" x2="${lx + 26}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
      `<text x="${lx + 32}" y="${ly}" dominant-baseline="middle" font-size="11">${escapeXml(s.label)}</text>`,
    );
  });
  out.push('</svg>', '');
  return out.join('\n');
}
