/**
 * The bundled tree-sitter queries evaluated over the Python front-end's own tree (`PyNode`, already
 * in memory) instead of by tree-sitter's query cursor. The native cursor walks the whole tree for
 * each query (or batch) and hands every raw match to JavaScript before `#eq?` is checked: on the
 * standard library that cost more than the parse. Here each pattern is tried only on the nodes of
 * its root type whose text holds the literals its predicates demand, and matches come out as the
 * cursor gives them: one per way the child patterns can be placed, ordered by the node where the
 * pattern's last step matched (the order in which the cursor finishes them).
 *
 * Only the query subset the bundled packs use is compiled (node and wildcard patterns, fields,
 * anonymous nodes, alternations, anchors, captures, predicates); anything else (quantifiers, negated
 * fields, supertypes, sibling groups) makes `compileTreeQuery` return null and the native query runs.
 */
import { indexNodeTypes, nodeTypeIndex, type PyNode } from '../../languages/python/parse.js';
import type { SourceFile } from '../../model/types.js';
import { captureText } from '../text-index.js';
import type { Match } from './match.js';

/** Predicate steps as tree-sitter's `_getPredicates` gives them: [STRING, op, (CAPTURE|STRING, value)...]. */
export type PredicateSteps = (string | number)[];
const CAPTURE = 1;
const STRING = 2;

interface NodePat {
  k: 'node';
  /**
   * As a child step: the cursor does not keep a state that skips the first sibling this step matches
   * (tree-sitter splits a state only for steps that capture or can still fail, i.e. have child steps).
   */
  commit: boolean;
  /** Named type, or null: `(_)` (any named node), `_` (any node) or an anonymous `"text"`. */
  type: string | null;
  anon: string | null;
  anyNode: boolean;
  field: string | null;
  caps: string[];
  kids: Pat[];
  /** `.` before the first child pattern / after the last one. */
  anchorFirst: boolean;
  anchorLast: boolean;
  /** immediate[j]: a `.` stands between child pattern j-1 and j. */
  immediate: boolean[];
}
interface AltPat {
  k: 'alt';
  commit: boolean;
  alts: Pat[];
  field: string | null;
  caps: string[];
}
type Pat = NodePat | AltPat;

/** One top-level pattern of a query. */
export interface TreePattern {
  root: NodePat;
  /** The predicates, compiled by the caller (the same functions the native query runs). */
  tests: PredicateTest[];
  /** Literals a positive `#eq?` demands, and groups of which a positive `#any-of?` demands one. */
  all: string[];
  any: string[][];
}

/** A capture of a match. */
export interface TreeCapture {
  name: string;
  node: PyNode;
}

/** A compiled predicate: reads the captures' names and texts. */
export type PredicateTest = (captures: { name: string; node: { text: string } }[]) => boolean;

class Unsupported extends Error {}

/** Reads one query's source into patterns; null when it uses anything outside the supported subset. */
export function compileTreeQuery(source: string, compile: (steps: PredicateSteps[]) => PredicateTest[]): TreePattern[] | null {
  try {
    const patterns = new Reader(source, compile).patterns();
    indexNodeTypes(patterns.flatMap((p) => (typeof p.root.type === 'string' ? [p.root.type] : [])));
    return patterns;
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
}

class Reader {
  private i = 0;
  private predicates: PredicateSteps[] = [];
  constructor(
    private readonly s: string,
    private readonly compile: (steps: PredicateSteps[]) => PredicateTest[],
  ) {}

  patterns(): TreePattern[] {
    const out: TreePattern[] = [];
    for (;;) {
      this.skip();
      if (this.i >= this.s.length) break;
      this.predicates = [];
      let root: Pat;
      if (this.s[this.i] === '(' && /^\(\s*[([]/.test(this.s.slice(this.i, this.i + 64))) {
        // `((node) @c (#eq? @c "x"))`: a group of one pattern plus predicates.
        this.i++;
        root = this.pattern(null);
        this.skip();
        while (this.s[this.i] === '(') {
          if (!this.tryPredicate()) throw new Unsupported();
          this.skip();
        }
        this.expect(')');
        this.quantifierCheck();
        const caps = this.captures();
        root.caps.push(...caps);
      } else root = this.pattern(null);
      if (root.k !== 'node' || root.type === null) throw new Unsupported();
      const all: string[] = [];
      const any: string[][] = [];
      for (const steps of this.predicates) {
        const op = String(steps[1]);
        const strings: string[] = [];
        for (let k = 4; k < steps.length; k += 2) if (steps[k] !== CAPTURE) strings.push(String(steps[k + 1]));
        if (op === 'eq?' && steps[2] === CAPTURE && strings.length === 1) all.push(strings[0]!);
        else if (op === 'any-of?' && steps[2] === CAPTURE && strings.length > 0) any.push(strings);
      }
      out.push({ root, tests: this.compile(this.predicates), all, any });
    }
    if (out.length === 0) throw new Unsupported();
    return out;
  }

  private skip(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s[this.i]!;
      if (c === ' ' || c === '\n' || c === '\t' || c === '\r') this.i++;
      else if (c === ';') while (this.i < s.length && s[this.i] !== '\n') this.i++;
      else break;
    }
  }

  private expect(c: string): void {
    this.skip();
    if (this.s[this.i] !== c) throw new Unsupported();
    this.i++;
  }

  private name(): string {
    const m = /^[A-Za-z_][A-Za-z0-9_.-]*/.exec(this.s.slice(this.i, this.i + 200));
    if (!m) throw new Unsupported();
    this.i += m[0].length;
    return m[0];
  }

  private string(): string {
    // this.s[this.i] === '"'
    let out = '';
    this.i++;
    while (this.i < this.s.length && this.s[this.i] !== '"') {
      let c = this.s[this.i++]!;
      if (c === '\\') {
        const e = this.s[this.i++]!;
        c = e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e === '0' ? '\0' : e;
      }
      out += c;
    }
    if (this.s[this.i] !== '"') throw new Unsupported();
    this.i++;
    return out;
  }

  private captures(): string[] {
    const caps: string[] = [];
    for (;;) {
      this.skip();
      if (this.s[this.i] !== '@') return caps;
      this.i++;
      caps.push(this.name());
    }
  }

  private quantifierCheck(): void {
    this.skip();
    const c = this.s[this.i];
    if (c === '*' || c === '+' || c === '?') throw new Unsupported();
  }

  /** At `(`: reads `(#op? args…)` into the predicates and returns true, or leaves the position and returns false. */
  private tryPredicate(): boolean {
    const save = this.i;
    this.i++;
    this.skip();
    if (this.s[this.i] !== '#') {
      this.i = save;
      return false;
    }
    this.i++;
    const op = /^[A-Za-z_][A-Za-z0-9_-]*[?!]?/.exec(this.s.slice(this.i, this.i + 100))?.[0];
    if (!op) throw new Unsupported();
    this.i += op.length;
    const steps: PredicateSteps = [STRING, op];
    for (;;) {
      this.skip();
      const c = this.s[this.i];
      if (c === ')') {
        this.i++;
        break;
      }
      if (c === '@') {
        this.i++;
        steps.push(CAPTURE, this.name());
      } else if (c === '"') steps.push(STRING, this.string());
      else if (c !== undefined && /[A-Za-z_]/.test(c)) steps.push(STRING, this.name());
      else throw new Unsupported();
    }
    this.predicates.push(steps);
    return true;
  }

  private pattern(field: string | null): Pat {
    this.skip();
    const c = this.s[this.i];
    let pat: Pat;
    if (c === '[') {
      this.i++;
      const alts: Pat[] = [];
      for (;;) {
        this.skip();
        if (this.s[this.i] === ']') {
          this.i++;
          break;
        }
        if (this.s[this.i] === '(' && this.tryPredicate()) continue;
        alts.push(this.pattern(null));
      }
      if (alts.length === 0) throw new Unsupported();
      pat = { k: 'alt', commit: false, alts, field, caps: [] };
    } else if (c === '"') {
      pat = this.leaf(field, null, this.string(), false);
    } else if (c === '_') {
      this.i++;
      pat = this.leaf(field, null, null, true);
    } else if (c === '(') {
      this.i++;
      this.skip();
      const name = this.name();
      this.skip();
      if (this.s[this.i] === '/' || name === 'MISSING') throw new Unsupported();
      const node = this.leaf(field, name === '_' ? null : name, null, false);
      let pendingAnchor = false;
      for (;;) {
        this.skip();
        const d = this.s[this.i];
        if (d === undefined) throw new Unsupported();
        if (d === ')') {
          this.i++;
          if (pendingAnchor) {
            if (node.kids.length === 0) throw new Unsupported();
            node.anchorLast = true;
          }
          break;
        }
        if (d === '.') {
          this.i++;
          pendingAnchor = true;
          continue;
        }
        if (d === '!') throw new Unsupported();
        if (d === '(' && this.tryPredicate()) continue;
        let childField: string | null = null;
        const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*:/.exec(this.s.slice(this.i, this.i + 200));
        if (m) {
          childField = m[1]!;
          this.i += m[0].length;
        }
        const kid = this.pattern(childField);
        if (pendingAnchor) {
          if (node.kids.length === 0) node.anchorFirst = true;
          else node.immediate[node.kids.length] = true;
        }
        node.immediate[node.kids.length] ??= false;
        node.kids.push(kid);
        pendingAnchor = false;
      }
      pat = node;
    } else throw new Unsupported();
    this.quantifierCheck();
    pat.caps.push(...this.captures());
    pat.commit = pat.caps.length === 0 && (pat.k === 'node' ? pat.kids.length === 0 : pat.alts.every((a) => a.commit));
    return pat;
  }

  private leaf(field: string | null, type: string | null, anon: string | null, anyNode: boolean): NodePat {
    return {
      k: 'node',
      commit: false,
      type,
      anon,
      anyNode,
      field,
      caps: [],
      kids: [],
      anchorFirst: false,
      anchorLast: false,
      immediate: [],
    };
  }
}

/** One way a pattern matched: its captures in the cursor's order and the node of its last step. */
interface Found {
  caps: TreeCapture[];
  last: PyNode;
}

function typeMatches(p: NodePat, n: PyNode): boolean {
  if (p.anyNode) return true;
  if (p.anon !== null) return !n.named && n.type === p.anon;
  return n.named && (p.type === null || n.type === p.type);
}

function withCaps(caps: string[], n: PyNode, found: Found[]): Found[] {
  if (caps.length === 0) return found;
  const own = caps.map((name) => ({ name, node: n }));
  return found.map((f) => ({ caps: [...own, ...f.caps], last: f.last }));
}

/** Every way `p` matches at `n` (empty when it does not). */
export function matchAt(p: Pat, n: PyNode): Found[] {
  if (p.k === 'alt') {
    const out: Found[] = [];
    for (const a of p.alts) for (const f of matchAt(a, n)) out.push(f);
    return withCaps(p.caps, n, out);
  }
  if (!typeMatches(p, n)) return [];
  if (p.kids.length === 0) return [{ caps: p.caps.map((name) => ({ name, node: n })), last: n }];
  const kids = n.children;
  const seq = (j: number, from: number, prev: number): Found[] => {
    const kp = p.kids[j]!;
    const out: Found[] = [];
    for (let k = from; k < kids.length; k++) {
      const c = kids[k]!;
      if (j === 0 && p.anchorFirst && c.named === false) continue;
      if (j > 0 && p.immediate[j] && k > prev + 1 && hasNamedBetween(kids, prev, k)) break;
      if (j === 0 && p.anchorFirst && hasNamedBetween(kids, -1, k)) break;
      if (kp.field !== null && c.field !== kp.field) continue;
      const here = matchAt(kp, c);
      if (here.length === 0) continue;
      if (j === p.kids.length - 1) {
        if (p.anchorLast && hasNamedBetween(kids, k, kids.length)) continue;
        for (const f of here) out.push(f);
      } else {
        const rest = seq(j + 1, k + 1, k);
        for (const f of here) for (const r of rest) out.push({ caps: [...f.caps, ...r.caps], last: r.last });
      }
      if (kp.commit) break;
    }
    return out;
  };
  const found = seq(0, 0, -1);
  return found.length === 0 ? found : withCaps(p.caps, n, found);
}

function hasNamedBetween(kids: PyNode[], a: number, b: number): boolean {
  for (let k = a + 1; k < b; k++) if (kids[k]!.named) return true;
  return false;
}

/** Pre-order comparison of two nodes of one tree (start, then the enclosing one first). */
export function compareNodes(a: PyNode, b: PyNode): number {
  if (a === b) return 0;
  if (a.start !== b.start) return a.start - b.start;
  if (a.end !== b.end) return b.end - a.end;
  return depth(a) - depth(b);
}

function depth(n: PyNode): number {
  let d = 0;
  for (let p = n.parent; p; p = p.parent) d++;
  return d;
}

/** Nodes of the types asked for, in pre-order, per file (one walk of the front-end's tree per file and type set). */
const indexes = new WeakMap<SourceFile, { types: Set<string>; byType: Map<string, PyNode[]> }>();

function nodesByType(file: SourceFile, root: PyNode, types: readonly string[]): ReadonlyMap<string, readonly PyNode[]> {
  // Listed while the tree was built from the addon's table (parse.ts `indexNodeTypes`).
  const listed = nodeTypeIndex(root);
  if (listed && types.every((t) => listed.types.has(t))) return listed.byType;
  let index = indexes.get(file);
  if (index && types.every((t) => index!.types.has(t))) return index.byType;
  const wanted = new Set([...(index?.types ?? []), ...types]);
  const byType = new Map<string, PyNode[]>();
  for (const t of wanted) byType.set(t, []);
  const stack: PyNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    const list = byType.get(n.type);
    if (list !== undefined && n.named) list.push(n);
    const kids = n.children;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  index = { types: wanted, byType };
  indexes.set(file, index);
  return byType;
}

const literalsOf = new WeakMap<SourceFile, Literals>();

/** Whether each literal occurs in the text, and where (sorted offsets), each computed on first use. */
class Literals {
  private readonly at = new Map<string, number[]>();
  private readonly seen = new Map<string, boolean>();
  constructor(private readonly text: string) {}
  private offsets(lit: string): number[] {
    let a = this.at.get(lit);
    if (!a) {
      a = [];
      for (let i = this.text.indexOf(lit); i >= 0; i = this.text.indexOf(lit, i + 1)) a.push(i);
      this.at.set(lit, a);
    }
    return a;
  }
  /** One search, not every offset: most literals asked about are in no live pattern's candidates. */
  inFile(lit: string): boolean {
    let found = this.seen.get(lit);
    if (found === undefined) this.seen.set(lit, (found = this.text.includes(lit)));
    return found;
  }
  /** True when `lit` occurs inside [start, end). */
  within(lit: string, start: number, end: number): boolean {
    const a = this.offsets(lit);
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    return lo < a.length && a[lo]! + lit.length <= end;
  }
}

/**
 * The matches of each query (a list of patterns) on a Python file, from the front-end's tree; null
 * when the file has none (then the caller runs the native query).
 */
export function findInTree(file: SourceFile, queries: readonly TreePattern[][]): Match[][] | null {
  const syntax = file.syntax;
  if (syntax?.kind !== 'tree-sitter' || !syntax.root) return null;
  const root = syntax.root as PyNode;
  const text = file.text;
  let literals = literalsOf.get(file);
  if (!literals) literalsOf.set(file, (literals = new Literals(text)));
  const live: { q: number; p: TreePattern }[] = [];
  for (let q = 0; q < queries.length; q++)
    for (const p of queries[q]!)
      if (p.all.every((l) => literals.inFile(l)) && p.any.every((g) => g.some((l) => literals.inFile(l)))) live.push({ q, p });
  const results: Match[][] = queries.map(() => []);
  if (live.length === 0) return results;
  const byType = nodesByType(
    file,
    root,
    live.map((x) => x.p.root.type!),
  );
  const found: { f: Found; node: PyNode }[][] = queries.map(() => []);
  for (const { q, p } of live) {
    for (const n of byType.get(p.root.type!)!) {
      if (!p.all.every((l) => literals.within(l, n.start, n.end))) continue;
      if (!p.any.every((g) => g.some((l) => literals.within(l, n.start, n.end)))) continue;
      const placements = matchAt(p.root, n);
      for (let i = 0; i < placements.length; i++) {
        const f = placements[i]!;
        // The cursor keeps one of the placements that capture the same nodes (the first).
        if (i > 0 && placements.slice(0, i).some((g) => sameCaptures(g.caps, f.caps))) continue;
        if (p.tests.length) {
          const caps = f.caps.map((c) => ({ name: c.name, node: { text: text.slice(c.node.start, c.node.end) } }));
          if (!p.tests.every((t) => t(caps))) continue;
        }
        found[q]!.push({ f, node: n });
      }
    }
  }
  for (let q = 0; q < queries.length; q++) {
    const list = found[q]!;
    if (list.length > 1) list.sort((a, b) => compareNodes(a.f.last, b.f.last));
    results[q] = list.map(({ f }) => toMatch(text, f.caps));
  }
  return results;
}

function sameCaptures(a: TreeCapture[], b: TreeCapture[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.node !== b[i]!.node || a[i]!.name !== b[i]!.name) return false;
  return true;
}

function toMatch(text: string, caps: TreeCapture[]): Match {
  let target = caps.find((c) => c.name === 'match')?.node;
  if (!target) for (const c of caps) if (!target || c.node.end - c.node.start > target.end - target.start) target = c.node;
  const node = target!;
  const captures: Record<string, string> = { MATCH: captureText(text.slice(node.start, node.end)) };
  for (const c of caps) captures[c.name] ??= captureText(text.slice(c.node.start, c.node.end));
  return {
    start: node.start,
    end: node.end,
    span: { line: node.startRow + 1, column: node.startCol + 1, endLine: node.endRow + 1, endColumn: node.endCol + 1 },
    captures,
  };
}
