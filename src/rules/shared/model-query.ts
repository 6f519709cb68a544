/**
 * Small queries over the language-neutral model shared by the reliability,
 * speed and security rules. Pure functions of the model: no parser types.
 */
import type { CallNode, Expression, FunctionNode, HandlerNode, LoopNode, SourceFile, Span } from '../../model/types.js';

/** `inner` lies within `outer` (inclusive). */
export function contains(outer: Span, inner: Span): boolean {
  if (inner.line < outer.line || inner.endLine > outer.endLine) return false;
  if (inner.line === outer.line && inner.column < outer.column) return false;
  if (inner.endLine === outer.endLine && inner.endColumn > outer.endColumn) return false;
  return true;
}

/** Exact source text of a span. */
export function sourceOf(file: SourceFile, span: Span): string {
  if (span.line === span.endLine) return (file.lines[span.line - 1] ?? '').slice(span.column - 1, span.endColumn - 1);
  const parts = [(file.lines[span.line - 1] ?? '').slice(span.column - 1)];
  for (let l = span.line + 1; l < span.endLine; l++) parts.push(file.lines[l - 1] ?? '');
  parts.push((file.lines[span.endLine - 1] ?? '').slice(0, span.endColumn - 1));
  return parts.join('\n');
}

const WORD = /[\p{L}\p{N}_$]/u;

/**
 * Where `t` may be cut: never between two word characters, and outside string literals when there is
 * such a place. `cuts[i]` is true when a cut before index i leaves whole tokens on both sides.
 */
function cutPoints(t: string): { clean: boolean[]; word: boolean[] } {
  const clean: boolean[] = new Array<boolean>(t.length + 1).fill(false);
  const word: boolean[] = new Array<boolean>(t.length + 1).fill(false);
  let quote: string | null = null;
  for (let i = 1; i < t.length; i++) {
    const prev = t[i - 1]!;
    if (quote !== null) {
      if (prev === '\\') {
        i++;
        continue;
      }
      if (prev === quote) quote = null;
    } else if (prev === '"' || prev === "'" || prev === '`') quote = prev;
    const boundary = !(WORD.test(prev) && WORD.test(t[i]!));
    word[i] = boundary;
    clean[i] = boundary && quote === null;
  }
  return { clean, word };
}

/**
 * Whitespace-collapsed text for messages, at most `max` characters. Longer text is cut at a token
 * boundary (never mid-word, outside string literals when possible) and ends with `…`; a long call
 * keeps its callee and elides the arguments (`ValueError(…)`).
 */
export function short(text: string | undefined, max = 50): string {
  const t = (text ?? '').replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const call = /^(?:new )?[\w$.]+(?=\()/.exec(t);
  if (call && t.endsWith(')') && call[0].length + 3 <= max) return `${call[0]}(…)`;
  const { clean, word } = cutPoints(t);
  const at = (ok: boolean[]): number => {
    for (let i = max - 1; i > 0; i--) if (ok[i] && t[i - 1] !== ' ') return i;
    return 0;
  };
  const cut = at(clean) || at(word) || max - 1;
  return `${t.slice(0, cut).trimEnd()}…`;
}

/** The end of `text`, at most `max` characters, starting at a token boundary (`…` in front when cut). */
export function shortTail(text: string | undefined, max = 20): string {
  const t = (text ?? '').replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const { word } = cutPoints(t);
  for (let i = t.length - max + 1; i < t.length; i++) if (word[i]) return `…${t.slice(i).trimStart()}`;
  return `…${t.slice(t.length - max + 1)}`;
}

/** Texts of the comments (not docstrings) that end within `above` lines before `line`, or on it. */
export function commentsNear(file: SourceFile, line: number, above: number): string[] {
  return file.comments.filter((c) => !c.isDoc && c.span.endLine <= line && c.span.endLine >= line - above).map((c) => c.text);
}

/** The span between the end of `a` and the start of `b` (e.g. the operator of a comparison). */
export function spanBetween(a: Span, b: Span): Span {
  return { line: a.endLine, column: a.endColumn, endLine: b.line, endColumn: b.column };
}

/**
 * Fix that replaces the operator between `left` and `right` (`==` → `is`), computed on the
 * exact source so that the suggested replacement is byte-exact. Null when the operator is not found.
 */
export function replaceOperatorFix(
  file: SourceFile,
  left: Span,
  right: Span,
  from: RegExp,
  to: string,
): { span: Span; text: string } | null {
  const gap = spanBetween(left, right);
  if (gap.line !== gap.endLine) return null;
  const between = sourceOf(file, gap);
  const m = from.exec(between);
  if (!m) return null;
  const column = gap.column + m.index;
  return { span: { line: gap.line, column, endLine: gap.line, endColumn: column + m[0].length }, text: to };
}

/** Loops of the same function (or module) whose span contains `span`, outermost first. */
export function enclosingLoops(file: SourceFile, span: Span, fn: number | null): LoopNode[] {
  return file.loops
    .filter(
      (l) =>
        l.function === fn &&
        contains(l.span, span) &&
        !(l.span.line === span.line && l.span.column === span.column && l.span.endLine === span.endLine),
    )
    .sort((a, b) => a.depth - b.depth);
}

/**
 * Loops whose BODY (not their header, which runs once for for-in/for-of) contains `span`.
 * Falls back to the whole loop span when the front-end gives no bodySpan; for `while` the
 * condition is evaluated each iteration, so it counts as body.
 */
export function loopsRunning(file: SourceFile, span: Span, fn: number | null): LoopNode[] {
  return enclosingLoops(file, span, fn).filter((l) => {
    if (l.kind === 'while' || l.kind === 'do-while') return true;
    if (l.kind === 'comprehension') return true;
    return l.bodySpan ? contains(l.bodySpan, span) : true;
  });
}

/** The innermost function whose span contains `span`, by index. */
export function functionAt(file: SourceFile, index: number | null): FunctionNode | null {
  return index === null ? null : (file.functions[index] ?? null);
}

/** Names of functions declared `async` in the file, minus names also declared by a non-async function (ambiguous). */
export function asyncFunctionNames(file: SourceFile): Set<string> {
  const asyncNames = new Set<string>();
  const syncNames = new Set<string>();
  for (const fn of file.functions) {
    if (fn.kind === 'lambda' || fn.kind === 'arrow') {
      if (fn.name === '<lambda>' || fn.name === '<anonymous>') continue;
    }
    if (fn.isAsync && !fn.isGenerator) asyncNames.add(fn.name);
    else syncNames.add(fn.name);
  }
  for (const n of syncNames) asyncNames.delete(n);
  asyncNames.delete('<anonymous>');
  asyncNames.delete('<lambda>');
  return asyncNames;
}

/** The callee refers to a same-file function: a plain name, or a method on `this`/`self`/`cls`. */
export function isLocalCallee(call: CallNode): boolean {
  if (!call.name) return false;
  if (call.callee === call.name) return true;
  return call.callee === `this.${call.name}` || call.callee === `self.${call.name}` || call.callee === `cls.${call.name}`;
}

/** Local names bound to a module (namespace/default import or `require`) and to its named members. */
export function importedNames(file: SourceFile, modules: readonly string[]): { namespaces: Set<string>; members: Map<string, string> } {
  const namespaces = new Set<string>();
  const members = new Map<string, string>();
  for (const imp of file.imports) {
    const mod = imp.module.replace(/^node:/, '');
    if (!modules.includes(mod)) continue;
    for (const b of imp.bindings) {
      if (b.imported === '*' || b.imported === 'default') namespaces.add(b.local);
      else members.set(b.local, b.imported);
    }
    if (imp.bindings.length === 0 && file.language === 'python') namespaces.add(mod);
  }
  return { namespaces, members };
}

/** An expression built from pieces at run time: f-string/template, `+`/`%` on strings, `.format(...)`, `.join`. */
export function isInterpolated(e: Expression | undefined): boolean {
  if (!e) return false;
  if (e.kind === 'template') return /\{|\$\{/.test(e.text) && !/^[rRbBuU]*f?(['"])\1?$/.test(e.text);
  if (e.kind === 'binary') return /^\s*(['"`]|[rRbBuUfF]{1,2}['"])|(['"`])\s*$|\+\s*['"`]|['"`]\s*[+%]/.test(e.text);
  if (e.kind === 'call') return /^(['"]|[rRbBuU]{1,2}['"]).*['"]\s*\.\s*format\s*\(/s.test(e.text);
  return false;
}

/** Text of an argument expression, from argExprs when present, else from the raw args. */
export function argText(call: CallNode, i: number): string {
  return call.argExprs?.[i]?.text ?? call.args[i] ?? '';
}

/** Value expression of a Python keyword argument, or its raw text from `args` when the extension field is missing. */
export function keywordValue(call: CallNode, name: string): string | null {
  const kw = call.keywordArgs?.find((k) => k.name === name);
  if (kw) return kw.value.text;
  for (const a of call.args) {
    // The pattern starts with `name`: only such an argument needs it (compiled once per name).
    if (!a.startsWith(name)) continue;
    let re = KEYWORD_ARG.get(name);
    if (!re) KEYWORD_ARG.set(name, (re = new RegExp(`^${name}\\s*=\\s*(.*)$`, 's')));
    const m = re.exec(a);
    if (m) return (m[1] ?? '').trim();
  }
  return null;
}

/** `name = value` argument patterns by keyword name (issue 19: one RegExp per call and argument was 1% of a run). */
const KEYWORD_ARG = new Map<string, RegExp>();

/** Is `text` a plain name or dotted member path (`xs`, `self.items`)? */
export function isNamePath(text: string): boolean {
  return /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(text);
}

/** The root identifier of a dotted path / call text (`self.items` → `self`, `a[b].c` → `a`). */
export function rootName(text: string): string {
  return /^[A-Za-z_$][\w$]*/.exec(text)?.[0] ?? '';
}

/** Does `text` mention identifier `name` as a whole word? */
export function mentions(text: string, name: string): boolean {
  if (!name) return false;
  return new RegExp(`(^|[^\\w$.]|\\.\\.\\.)${name.replace(/[$]/g, '\\$')}(?![\\w$])`).test(text);
}

const INTENT =
  /ignor|best[- ]effort|harmless|don'?t care|doesn'?t matter|not (fatal|critical|important)|(may|can|might) fail|optional|suppress|silently|on purpose|intentional|shutdown|fall ?through|fall ?back|always succeeds/i;

/**
 * A comment that is an instruction to a tool (a toasty suppression, `noqa`, `pylint: disable`,
 * `eslint-disable`, `type: ignore`, `nosec`), not prose: heuristics that read comments for the
 * author's intent must skip it, or `# toasty: ignore[other-rule]` reads as "errors ignored here".
 */
export function isToolDirective(text: string): boolean {
  return TOOL_DIRECTIVE.test(text);
}

const TOOL_DIRECTIVE =
  /toasty(:\s*ignore|-ignore-)|\bnoqa\b|pylint:\s*(disable|enable)|\b(eslint|jshint|tslint)[-:\s]*(disable|enable)|@ts-(ignore|expect-error|nocheck)|\btype:\s*ignore|\bnosec\b|\bpragma:\s*no\s*cover|istanbul\s+ignore|c8\s+ignore/i;

/** A comment from just before the `try` to the handler says that swallowing errors here is intended. */
export function documentedIntent(file: SourceFile, h: HandlerNode): boolean {
  const tryStart =
    file.branches
      .filter((b) => b.kind === 'try' && b.function === h.function && b.span.line <= h.span.line && b.span.endLine >= h.span.line)
      .reduce((line, b) => Math.max(line, b.span.line), 0) || h.span.line;
  return file.comments.some(
    (c) => c.span.line >= tryStart - 3 && c.span.line <= h.span.endLine + 1 && INTENT.test(c.text) && !isToolDirective(c.text),
  );
}
