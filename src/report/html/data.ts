import { DIMENSIONS } from '../../model/findings.js';
import { counts } from '../../model/gate.js';
import type { FileResult, Finding, RunResult } from '../../model/results.js';
import { readGradedSource } from '../graded-source.js';
import type { ReportOptions } from '../types.js';

/**
 * The data the page's script renders the file table and the per-file findings from: embedded once
 * as JSON, short keys (the stdlib has ~10k findings), only the source lines the code frames show.
 */
export interface PageFinding {
  /** id */
  i: string;
  /** rule id */
  r: string;
  /** dimension index into DIMENSIONS */
  d: number;
  /** severity */
  s: string;
  /** line, column, end line, end column */
  p: [number, number, number, number];
  /** message */
  m: string;
  /** suggestion */
  g: string;
  /** cost */
  k: number;
  /** why it does not count: "muted: …", "suppressed: …" (absent when it counts) */
  x?: string;
  /** fix: applicability and replacement text */
  fix?: { a: 'safe' | 'unsafe'; t: string };
  /** name suggestions (best first) */
  ns?: { name: string; confidence: number }[];
  /** with --baseline: new or existing */
  b?: 'new' | 'existing';
}

export interface PageFile {
  i: string;
  path: string;
  lang: string | null;
  st: string;
  /** skip or parse-error reason */
  why: string | null;
  loc: number;
  sloc: number;
  score: number | null;
  grade: string | null;
  dims: number[] | null;
  mi: number | null;
  /** Points of the project score this file costs: (100 − score) × its share of the graded sloc. */
  lost: number;
  /** counted findings */
  n: number;
  /** functions: name, line, endLine, cyclomatic, cognitive, maxNesting, params, sloc */
  fns: [string, number, number, number, number, number, number, number][];
  f: PageFinding[];
  /** the source lines the code frames show: [line, text] */
  src: [number, string][];
}

export interface PageData {
  dims: readonly string[];
  files: PageFile[];
  /** rule id → description, for the findings' tooltips */
  rules: Record<string, string>;
}

const MAX_LINE = 240;
const round1 = (x: number): number => Math.round(x * 10) / 10;

function sourceLines(file: FileResult, cwd: string): string[] | null {
  const text = readGradedSource(file, cwd);
  return text === null ? null : text.split(/\r\n|\r|\n|\u2028|\u2029/);
}

/** The lines a finding's frame shows: one above, up to three of its range, one below. */
export function frameRange(f: Pick<Finding, 'line' | 'endLine'>): [number, number] {
  return [Math.max(1, f.line - 1), Math.min(Math.max(f.line, f.endLine), f.line + 2) + 1];
}

function pageFinding(f: Finding): PageFinding {
  const out: PageFinding = {
    i: f.id,
    r: f.ruleId,
    d: DIMENSIONS.indexOf(f.dimension),
    s: f.severity,
    p: [f.line, f.column, f.endLine, f.endColumn],
    m: f.message,
    g: f.suggestion,
    k: f.cost,
  };
  if (f.suppressed) out.x = `suppressed${f.suppressionReason ? `: ${f.suppressionReason}` : ''}`;
  else if (f.muted) out.x = `muted${f.mutedReason ? `: ${f.mutedReason}` : ''}`;
  else if (!counts(f)) out.x = 'not counted';
  if (f.fix) out.fix = { a: 'safe', t: f.fix.text };
  // `nameSuggestions` (CLI.md) and a fix's applicability, when the run carries them.
  const extra = f as Finding & { nameSuggestions?: { name: string; confidence: number }[]; fix?: { applicability?: string } };
  if (f.fix && extra.fix?.applicability === 'unsafe') out.fix!.a = 'unsafe';
  if (extra.nameSuggestions?.length) out.ns = extra.nameSuggestions;
  if (f.baseline) out.b = f.baseline;
  return out;
}

function pageFile(file: FileResult, totalWeight: number, cwd: string): PageFile {
  const lines = sourceLines(file, cwd);
  const wanted = new Set<number>();
  if (lines) for (const f of file.findings) for (let n = frameRange(f)[0]; n <= frameRange(f)[1]; n++) if (n <= lines.length) wanted.add(n);
  const graded = file.status === 'graded' && file.score !== null;
  return {
    i: file.id,
    path: file.path,
    lang: file.language,
    st: file.status,
    why: file.skipReason,
    loc: file.loc,
    sloc: file.sloc,
    score: file.score,
    grade: file.grade,
    dims: file.dimensions ? DIMENSIONS.map((d) => file.dimensions![d]) : null,
    mi: file.metrics ? round1(file.metrics.maintainabilityIndex) : null,
    lost: graded ? Math.round(((100 - file.score!) * Math.max(1, file.sloc) * 100) / totalWeight) / 100 : 0,
    n: file.findings.filter(counts).length,
    fns: file.functions.map((fn) => [
      fn.qualifiedName || fn.name,
      fn.line,
      fn.endLine,
      fn.metrics.cyclomatic,
      fn.metrics.cognitive,
      fn.metrics.maxNesting,
      fn.metrics.params,
      fn.metrics.sloc,
    ]),
    f: [...file.findings].sort((a, b) => a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : 1)).map(pageFinding),
    src: [...wanted].sort((a, b) => a - b).map((n) => [n, lines![n - 1]!.slice(0, MAX_LINE)]),
  };
}

/** Sum of the graded files' weights (sloc, at least 1 each), as the project score weighs them. */
export function gradedWeight(result: RunResult): number {
  return result.files.filter((f) => f.status === 'graded' && f.score !== null).reduce((sum, f) => sum + Math.max(1, f.sloc), 0) || 1;
}

export function pageData(result: RunResult, options: ReportOptions): PageData {
  const total = gradedWeight(result);
  const used = new Set(result.files.flatMap((f) => f.findings.map((x) => x.ruleId)));
  const rules: Record<string, string> = {};
  for (const r of [...options.rules].sort((a, b) => (a.id < b.id ? -1 : 1))) if (used.has(r.id)) rules[r.id] = r.description;
  return { dims: DIMENSIONS, files: result.files.map((f) => pageFile(f, total, options.cwd)), rules };
}
