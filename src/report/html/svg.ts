import { letterGrade } from '../../scoring/letter.js';
import { escapeHtml, fmt } from './escape.js';

/** Charts are inline SVG drawn here: no library, no script needed to see them, colours from the page's CSS variables (themes, print). */

export interface Bar {
  label: string;
  value: number;
  /** Shown after the value (e.g. "120 lines, 14 findings"). */
  note?: string;
  /** Class of the bar: a grade band (`g-A`…`g-F`) or a series colour. */
  cls?: string;
  /** The bar's label links here (an in-page anchor). */
  href?: string;
}

const round = (x: number): number => Math.round(x * 10) / 10;

/** Keeps the end of a long label (a path's file name matters most). */
function shorten(label: string, max: number): string {
  return label.length <= max ? label : `…${label.slice(label.length - max + 1)}`;
}

/** The grade band class of a score, for colouring. */
export function band(score: number | null): string {
  return score === null ? 'g-none' : `g-${letterGrade(score)}`;
}

/**
 * Horizontal bars, one row each: label, bar, value. `max` fixes the scale (100 for scores);
 * otherwise the largest value fills the width.
 */
export function barChart(bars: readonly Bar[], opts: { title: string; max?: number; unit?: string; labelWidth?: number }): string {
  const labelWidth = opts.labelWidth ?? 170;
  const barWidth = 300;
  const row = 26;
  const width = labelWidth + barWidth + 250;
  const height = Math.max(1, bars.length) * row + 6;
  const max = opts.max ?? Math.max(1e-9, ...bars.map((b) => b.value));
  const chars = Math.floor(labelWidth / 7);
  const rows = bars.map((b, i) => {
    const y = i * row + 4;
    const w = Math.max(b.value > 0 ? 2 : 0, (b.value / max) * barWidth);
    const value = `${fmt(b.value)}${opts.unit ?? ''}${b.note ? ` · ${b.note}` : ''}`;
    const text = `<text class="lbl" x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(shorten(b.label, chars))}</text>`;
    const label = b.href ? `<a href="${escapeHtml(b.href)}">${text}</a>` : text;
    return (
      `<g><title>${escapeHtml(`${b.label}: ${value}`)}</title>${label}` +
      `<rect class="track" x="${labelWidth}" y="${y}" width="${barWidth}" height="18" rx="3"/>` +
      `<rect class="bar ${b.cls ?? 'c0'}" x="${labelWidth}" y="${y}" width="${round(w)}" height="18" rx="3"/>` +
      `<text class="val" x="${labelWidth + barWidth + 8}" y="${y + 15}">${escapeHtml(value)}</text></g>`
    );
  });
  return (
    `<svg class="chart" role="img" aria-label="${escapeHtml(opts.title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">` +
    `<title>${escapeHtml(opts.title)}</title>${rows.join('')}</svg>`
  );
}

export interface Series {
  name: string;
  /** One value per point (null: no value there), oldest first. */
  values: readonly (number | null)[];
  cls: string;
  /** The main series is drawn thicker. */
  main?: boolean;
}

export interface TrendPoint {
  /** Shown in each point's tooltip: run id and date. */
  label: string;
  current: boolean;
}

/** A line chart of scores over runs (x: run, oldest first; y: score), the current run marked. */
export function trendChart(points: readonly TrendPoint[], series: readonly Series[], title: string): string {
  const width = 680;
  const height = 240;
  const left = 40;
  const right = 20;
  const top = 14;
  const bottom = 28;
  const all = series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  const lo = Math.max(0, Math.floor((Math.min(100, ...all) - 5) / 10) * 10);
  const hi = 100;
  const x = (i: number): number =>
    round(left + (points.length <= 1 ? (width - left - right) / 2 : (i * (width - left - right)) / (points.length - 1)));
  const y = (v: number): number => round(top + ((hi - v) * (height - top - bottom)) / (hi - lo || 1));
  const grid: string[] = [];
  for (let v = lo; v <= hi; v += 10)
    grid.push(
      `<line class="grid" x1="${left}" x2="${width - right}" y1="${y(v)}" y2="${y(v)}"/><text class="axis" x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${v}</text>`,
    );
  const marks = points.flatMap((p, i) =>
    p.current
      ? [
          `<line class="current" x1="${x(i)}" x2="${x(i)}" y1="${top}" y2="${height - bottom}"/>`,
          `<text class="axis" x="${x(i)}" y="${height - 8}" text-anchor="${i === points.length - 1 && points.length > 1 ? 'end' : 'middle'}">this run</text>`,
        ]
      : [],
  );
  const lines = series.map((s) => {
    const segments: string[] = [];
    let path = '';
    s.values.forEach((v, i) => {
      if (v === null) {
        if (path) segments.push(path);
        path = '';
      } else path += `${path ? 'L' : 'M'}${x(i)} ${y(v)}`;
    });
    if (path) segments.push(path);
    const dots = s.values
      .map((v, i) =>
        v === null
          ? ''
          : `<circle class="dot ${s.cls}" cx="${x(i)}" cy="${y(v)}" r="${s.main ? 3.5 : 2.5}"><title>${escapeHtml(`${s.name} ${fmt(v)} — ${points[i]?.label ?? ''}`)}</title></circle>`,
      )
      .join('');
    return `<g class="series" data-series="${escapeHtml(s.name)}">${segments.map((d) => `<path class="line ${s.cls}${s.main ? ' main' : ''}" d="${d}"/>`).join('')}${dots}</g>`;
  });
  return (
    `<svg class="chart trend" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">` +
    `<title>${escapeHtml(title)}</title>${grid.join('')}${marks.join('')}${lines.join('')}</svg>`
  );
}

/** A legend for series: the colour swatch and the name. */
export function legend(series: readonly Series[]): string {
  return `<ul class="legend">${series.map((s) => `<li><span class="swatch ${s.cls}" aria-hidden="true"></span>${escapeHtml(s.name)}</li>`).join('')}</ul>`;
}
