/**
 * Fixing one file's text in memory, pass after pass (at most 10, like ESLint): grade, take every
 * eligible fix that does not overlap an earlier one, apply, re-parse and re-grade. A batch that
 * breaks the parse or leaves its findings in place is rolled back and retried fix by fix; a fix
 * that fails alone is never tried again.
 */
import type { ActiveRule } from '../engine/rule.js';
import { fingerprints } from '../engine/fingerprint.js';
import { runRules } from '../engine/run-rules.js';
import { collectSuppressions, matchSuppression } from '../engine/suppressions.js';
import type { LanguageAdapter } from '../languages/adapter.js';
import type { FixApplicability, RawFinding } from '../model/findings.js';
import type { Language, SourceFile } from '../model/types.js';
import { applyOffsetEdits, lineStartOffsets, sortedDisjoint, toOffsetEdits, type OffsetEdit } from '../util/text-edits.js';
import { withEol, type FixableSource } from './source.js';

export const MAX_PASSES = 10;

export interface FixPolicy {
  unsafe: boolean;
  /** Only fixes of these rules; null: every rule's. */
  rules: ReadonlySet<string> | null;
  /** Fingerprints of baseline findings: not fixed. */
  baseline: ReadonlySet<string> | null;
}

export interface AppliedFix {
  ruleId: string;
  applicability: FixApplicability;
  /** Where the finding was in the text of the pass that fixed it. */
  line: number;
  column: number;
  message: string;
  pass: number;
  edits: { line: number; column: number; endLine: number; endColumn: number; text: string }[];
}

export interface RolledBack {
  ruleId: string;
  line: number;
  reason: string;
}

export interface Remaining {
  findings: number;
  /** Fixes `toasty fix` would apply with the same options (kept back by overlaps past the last pass, or by failures). */
  fixable: number;
  /** Unsafe fixes left because `--unsafe` was not given. */
  unsafe: number;
}

export interface TextFixResult {
  text: string;
  applied: AppliedFix[];
  rolledBack: RolledBack[];
  passes: number;
  remaining: Remaining;
  /** The original text did not parse: nothing was tried. */
  unparsed: boolean;
}

export interface Graded {
  parsed: boolean;
  /** The parsed model (null when the text did not parse): the rename pass reads its bindings. */
  model: SourceFile | null;
  problems: number;
  findings: RawFinding[];
  /** Unsuppressed, not in the baseline: what may be fixed. */
  open: RawFinding[];
}

export interface Candidate {
  finding: RawFinding;
  edits: OffsetEdit[];
  key: string;
}

export interface TextFixer {
  path: string;
  language: Language;
  adapter: LanguageAdapter;
  rules: readonly ActiveRule[];
  policy: FixPolicy;
  eol: FixableSource['eol'];
}

const BLOCK_HEADER = /^\s*(if|elif|else|for|while|try|except|finally|with|def|class|async|match|case)\b.*:\s*(#.*)?$/;

/**
 * Python blocks left without a statement (tree-sitter accepts `elif c:` followed by a dedent).
 * A heuristic on lines: fixes may not add any, whatever it counts in strings.
 */
function emptyBlocks(text: string): number {
  const lines = text.split(/\r\n|\r|\n/);
  let count = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!BLOCK_HEADER.test(lines[i]!)) continue;
    let j = i + 1;
    while (j < lines.length && /^\s*(#.*)?$/.test(lines[j]!)) j++;
    const indent = (s: string) => /^\s*/.exec(s)![0].length;
    if (j >= lines.length || indent(lines[j]!) <= indent(lines[i]!)) count++;
  }
  return count;
}

export function grade(fixer: TextFixer, text: string): Graded {
  const model = fixer.adapter.parse(fixer.path, text, fixer.language);
  if (!model.parsed) return { parsed: false, model: null, problems: model.problems.length, findings: [], open: [] };
  const { findings } = runRules(model, fixer.rules);
  findings.sort((a, b) => a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  const suppressions = collectSuppressions(model);
  const prints = fixer.policy.baseline ? fingerprints(findings, fixer.path, model.lines) : null;
  const open = findings.filter((f, i) => matchSuppression(f, suppressions) === null && !(prints && fixer.policy.baseline!.has(prints[i]!)));
  return { parsed: true, model, problems: model.problems.length, findings, open };
}

function eligible(policy: FixPolicy, f: RawFinding): boolean {
  if (!f.fix) return false;
  if (policy.rules && !policy.rules.has(f.ruleId)) return false;
  return f.fix.applicability === 'safe' || policy.unsafe;
}

export function candidates(fixer: TextFixer, text: string, graded: Graded, rejected: ReadonlySet<string>): Candidate[] {
  const starts = lineStartOffsets(text, fixer.language);
  const out: Candidate[] = [];
  for (const finding of graded.open) {
    if (!eligible(fixer.policy, finding)) continue;
    const edits = toOffsetEdits(
      text,
      starts,
      finding.fix!.edits.map((e) => ({ ...e, text: withEol(e.text, fixer.eol) })),
    );
    const sorted = edits && sortedDisjoint(edits);
    if (!sorted) continue;
    const key = `${finding.ruleId}\u0000${sorted.map((e) => `${text.slice(e.start, e.end)}\u0001${e.text}`).join('\u0002')}`;
    if (!rejected.has(key)) out.push({ finding, edits: sorted, key });
  }
  return out;
}

/** Candidates whose edits overlap none taken before them (the next pass takes the rest). */
function disjoint(list: readonly Candidate[]): Candidate[] {
  const taken: Candidate[] = [];
  const all: OffsetEdit[] = [];
  for (const c of list) {
    if (c.edits.some((e) => all.some((t) => !sortedDisjoint([t, e])))) continue;
    taken.push(c);
    all.push(...c.edits);
  }
  return taken;
}

function perRule(findings: readonly RawFinding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  return counts;
}

/** The batch applied to `text`, or null when the result does not parse or still has the fixed findings. */
export function tryBatch(
  fixer: TextFixer,
  text: string,
  before: Graded,
  batch: readonly Candidate[],
): { text: string; graded: Graded } | null {
  const next = applyOffsetEdits(text, sortedDisjoint(batch.flatMap((c) => c.edits))!);
  const graded = grade(fixer, next);
  if (!graded.parsed || graded.problems > before.problems) return null;
  if (fixer.language === 'python' && emptyBlocks(next) > emptyBlocks(text)) return null;
  const was = perRule(before.findings);
  const now = perRule(graded.findings);
  for (const [ruleId, fixed] of perRule(batch.map((c) => c.finding))) {
    if ((now.get(ruleId) ?? 0) > (was.get(ruleId) ?? 0) - fixed) return null;
  }
  return { text: next, graded };
}

export function applied(c: Candidate, pass: number): AppliedFix {
  const f = c.finding;
  return {
    ruleId: f.ruleId,
    applicability: f.fix!.applicability,
    line: f.line,
    column: f.column,
    message: f.message,
    pass,
    edits: f.fix!.edits,
  };
}

export function fixText(fixer: TextFixer, original: string): TextFixResult {
  let text = original;
  let graded = grade(fixer, text);
  const result: TextFixResult = {
    text,
    applied: [],
    rolledBack: [],
    passes: 0,
    remaining: { findings: 0, fixable: 0, unsafe: 0 },
    unparsed: !graded.parsed,
  };
  if (!graded.parsed) return result;
  const rejected = new Set<string>();
  for (let pass = 1; pass <= MAX_PASSES; pass++) {
    const batch = disjoint(candidates(fixer, text, graded, rejected));
    if (batch.length === 0) break;
    result.passes = pass;
    const whole = tryBatch(fixer, text, graded, batch);
    if (whole) {
      result.applied.push(...batch.map((c) => applied(c, pass)));
      ({ text, graded } = whole);
      continue;
    }
    // Roll back, then find the culprits: each fix alone; the good ones together again.
    const good = batch.filter((c) => {
      if (tryBatch(fixer, text, graded, [c])) return true;
      rejected.add(c.key);
      result.rolledBack.push({
        ruleId: c.finding.ruleId,
        line: c.finding.line,
        reason: 'the fixed text did not parse or still had the finding; rolled back',
      });
      return false;
    });
    let kept = good;
    let retry = good.length ? tryBatch(fixer, text, graded, kept) : null;
    if (!retry && good.length > 1) retry = tryBatch(fixer, text, graded, (kept = good.slice(0, 1)));
    if (!retry) continue;
    result.applied.push(...kept.map((c) => applied(c, pass)));
    ({ text, graded } = retry);
  }
  result.text = text;
  const left = candidates(fixer, text, graded, rejected);
  const withUnsafe = graded.open.filter((f) => f.fix && (!fixer.policy.rules || fixer.policy.rules.has(f.ruleId)));
  result.remaining = {
    findings: graded.open.length,
    fixable: left.length,
    unsafe: fixer.policy.unsafe ? 0 : withUnsafe.filter((f) => f.fix!.applicability === 'unsafe').length,
  };
  return result;
}
