import { esc } from './html.js';

/** One series of a bar chart: its name (for the legend) and colour. */
export interface Series {
  name: string;
  colour: string;
}

/** One group of bars: a label and one value per series. */
export interface BarGroup {
  label: string;
  values: number[];
}

const ROW = 22;
const LABEL_WIDTH = 150;
const BAR_WIDTH = 460;

/**
 * A horizontal grouped bar chart as inline SVG: drawn on the server, so the console needs no
 * script (its content policy forbids them) and the chart prints and screenshots as it looks.
 */
export function barChart(title: string, series: readonly Series[], groups: readonly BarGroup[]): string {
  const max = Math.max(1, ...groups.flatMap((g) => g.values));
  const bar = (ROW - 6) / series.length;
  const height = 30 + groups.length * ROW + 10;
  const legend = series.map((s, i) => `<rect x="${LABEL_WIDTH + i * 110}" y="4" width="12" height="12" fill="${s.colour}"/><text x="${LABEL_WIDTH + i * 110 + 16}" y="15">${esc(s.name)}</text>`).join('');
  const rows = groups.map((g, r) => {
    const y = 30 + r * ROW;
    const bars = g.values.map((v, i) => {
      const w = Math.round((v / max) * BAR_WIDTH);
      return `<rect x="${LABEL_WIDTH}" y="${(y + i * bar).toFixed(1)}" width="${w}" height="${(bar - 1).toFixed(1)}" fill="${series[i]?.colour ?? '#888'}"><title>${esc(`${g.label} ${series[i]?.name ?? ''}: ${v}`)}</title></rect><text x="${LABEL_WIDTH + w + 4}" y="${(y + i * bar + bar - 2).toFixed(1)}">${v}</text>`;
    });
    return `<text x="${LABEL_WIDTH - 6}" y="${y + ROW / 2}" text-anchor="end">${esc(g.label)}</text>${bars.join('')}`;
  });
  return `<svg role="img" aria-label="${esc(title)}" width="${LABEL_WIDTH + BAR_WIDTH + 60}" height="${height}" viewBox="0 0 ${LABEL_WIDTH + BAR_WIDTH + 60} ${height}"><title>${esc(title)}</title>${legend}${rows.join('')}</svg>`;
}
