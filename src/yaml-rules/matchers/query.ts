import type Parser from 'tree-sitter';
import type { SourceFile } from '../../model/types.js';
import { pythonTree, pythonTreeSitter } from '../syntax.js';
import { captureText } from '../text-index.js';
import type { LeafMatcher, Match } from './match.js';
import { lazyRe2Tester, literalTester, re2Tester } from './regex.js';
import { compileTreeQuery, findInTree, type TreePattern } from './tree-query.js';

/** What the predicates read of a capture (tree-sitter's QueryCapture, or one from `tree-query.ts`). */
type Capture = { name: string; node: { text: string } };
type Predicate = (captures: Capture[]) => boolean;

const CAPTURE = 1;
const QUERY_ERRORS: Record<string, string> = {
  TSQueryErrorSyntax: 'syntax error',
  TSQueryErrorNodeType: 'unknown node type',
  TSQueryErrorField: 'unknown field',
  TSQueryErrorCapture: 'unknown capture',
  TSQueryErrorStructure: 'impossible pattern structure',
  TSQueryErrorLanguage: 'language mismatch',
};

/** `line 2, column 7 of the query (near \`foo\`)` for an offset into the query text. */
function where(source: string, offset: number): string {
  const before = source.slice(0, offset).split('\n');
  const near = /^[\w.@#?!-]+|^./.exec(source.slice(offset))?.[0] ?? '';
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1} of the query${near ? ` (at \`${near}\`)` : ''}`;
}

function texts(captures: Capture[], name: string): string[] {
  const out: string[] = [];
  for (const c of captures) if (c.name === name) out.push(c.node.text);
  return out;
}

/**
 * tree-sitter's own `#match?` uses a backtracking RegExp; these predicates are
 * rebuilt so every regex runs on RE2 (linear time), with the same semantics
 * (a literal pattern as the string test it is: `literalTester`).
 */
function predicateOf(steps: (string | number)[], trusted: boolean): Predicate | null {
  const op = String(steps[1]);
  const args: { capture: boolean; value: string }[] = [];
  for (let k = 2; k < steps.length; k += 2) args.push({ capture: steps[k] === CAPTURE, value: String(steps[k + 1]) });
  const first = args[0];
  const positive = !op.includes('not-');
  if (op === 'any-of?' || op === 'not-any-of?') {
    if (!first?.capture || args.length < 2 || args.slice(1).some((a) => a.capture))
      throw new Error(`\`#${op}\` takes a capture and strings`);
    const allowed = new Set(args.slice(1).map((a) => a.value));
    return (captures) => {
      const values = texts(captures, first.value);
      if (values.length === 0) return !positive;
      return values.every((t) => allowed.has(t)) === positive;
    };
  }
  const base = op.replace(/^any-/, '').replace(/^not-/, '');
  const matchAll = !op.startsWith('any-');
  if (base === 'eq?' || base === 'match?') {
    if (args.length !== 2 || !first?.capture) throw new Error(`\`#${op}\` takes a capture and a ${base === 'match?' ? 'regex' : 'value'}`);
    const second = args[1]!;
    if (base === 'match?' && second.capture) throw new Error(`\`#${op}\`: the second argument must be a string`);
    const test: (t: string, captures: Capture[]) => boolean =
      base === 'match?'
        ? (
            (tester) => (t: string) =>
              tester(t)
          )(literalTester(second.value) ?? (trusted ? lazyRe2Tester : re2Tester)(second.value))
        : second.capture
          ? (t, captures) => texts(captures, second.value).every((o) => o === t)
          : (t) => t === second.value;
    return (captures) => {
      const values = texts(captures, first.value);
      if (values.length === 0) return !positive;
      const check = (t: string): boolean => test(t, captures) === positive;
      return matchAll ? values.every(check) : values.some(check);
    };
  }
  if (op === 'set!' || op === 'is?' || op === 'is-not?') return null;
  throw new Error(`unknown predicate \`#${op}\``);
}

interface QueryInternals {
  _getPredicates(): (string | number)[][][];
  predicates: Predicate[][];
  captureNames?: string[];
}

/**
 * Compiles a tree-sitter query for Python, or throws an Error that says where it is wrong.
 * `lazy` (bundled, CI-tested packs only) defers the compilation (about 6 ms a query) to the
 * first Python file, so runs on JS/TS projects do not pay for it. `batched` (bundled queries
 * that select findings, not the narrowing ones under pattern-not/pattern-inside) joins the
 * shared batch: one tree walk per file for all of them instead of one walk per query.
 */
export function queryMatcher(source: string, lazy = false, batched = false): LeafMatcher {
  const names = [...new Set((source.match(/@[A-Za-z_][\w.-]*/g) ?? []).map((n) => n.slice(1)))];
  if (names.length === 0) throw new Error('the query has no capture: add `@match` after the node to report');
  const captures = ['MATCH', ...names];
  if (batched) {
    const slot = BATCH.add(source);
    return { languages: ['python'], captures, find: (file) => BATCH.find(file, slot) };
  }
  let compiled: CompiledQuery | null = lazy ? null : compileQuery(source, lazy);
  return {
    languages: ['python'],
    captures,
    find(file: SourceFile): Match[] {
      compiled ??= compileQuery(source, lazy);
      return run(compiled, file);
    },
  };
}

/**
 * The bundled queries of this thread, compiled together into one tree-sitter query: a query
 * cursor walks the tree once for all patterns, about 9× faster than one walk per query on the
 * standard library. Each source owns a range of pattern indices; results are kept per file.
 * When every query is in the subset the front-end's tree evaluates (tree-query.ts), the native
 * query is compiled only for a file without that tree (about 20 ms of a small file's run, issue 19).
 */
class QueryBatch {
  private readonly sources: string[] = [];
  private compiled: { size: number; tree: TreePattern[][] | null; native: { query: Parser.Query; owner: number[] } | null } | null = null;
  private results = new WeakMap<SourceFile, Match[][]>();

  add(source: string): number {
    const known = this.sources.indexOf(source);
    if (known >= 0) return known;
    this.sources.push(source);
    return this.sources.length - 1;
  }

  find(file: SourceFile, slot: number): Match[] {
    if (this.compiled?.size !== this.sources.length) this.compile();
    let perSource = this.results.get(file);
    if (!perSource) {
      const { tree } = this.compiled!;
      perSource = (tree ? findInTree(file, tree) : null) ?? undefined;
      if (!perSource) {
        const { query, owner } = this.native();
        perSource = this.sources.map(() => []);
        for (const match of query.matches(pythonTree(file).rootNode)) {
          const found = toMatch(match);
          if (found) perSource[owner[match.pattern]!]!.push(found);
        }
      }
      this.results.set(file, perSource);
    }
    return perSource[slot]!;
  }

  private compile(): void {
    const tree = this.sources.map((s) => compileTreeQuery(s, predicatesOf));
    this.compiled = { size: this.sources.length, tree: tree.every((t) => t !== null) ? (tree as TreePattern[][]) : null, native: null };
    this.results = new WeakMap();
    if (!this.compiled.tree) this.native();
  }

  /** The batch as one tree-sitter query, and which source owns each of its patterns. */
  private native(): { query: Parser.Query; owner: number[] } {
    if (this.compiled!.native) return this.compiled!.native;
    const { query } = nativeQuery(this.sources.join('\n'), true);
    const total = (query as unknown as QueryInternals).predicates.length;
    // Every source has at least one pattern (a capture); as many patterns as sources means one each.
    const counts =
      total === this.sources.length
        ? this.sources.map(() => 1)
        : this.sources.map((s) => {
            const ts = pythonTreeSitter();
            return (new ts.Parser.Query(ts.language, s) as unknown as QueryInternals).predicates.length;
          });
    const owner = counts.flatMap((n, i) => Array.from({ length: n }, () => i));
    return (this.compiled!.native = { query, owner });
  }
}

const BATCH = new QueryBatch();

/**
 * Announces a bundled query before its rule compiles (rules compile lazily, on their first file):
 * the batch is then compiled once with every query in it, not once more per rule that joins.
 */
export function announceBatchedQuery(source: string): void {
  BATCH.add(source);
}

interface CompiledQuery {
  source: string;
  trusted: boolean;
  /** The same query over the front-end's tree (bundled queries in the supported subset), else null. */
  tree: TreePattern[][] | null;
  /**
   * tree-sitter's query, compiled when first needed: at once for a query outside the tree subset
   * (and every user query, whose errors are reported at load), else only for a file without the
   * front-end's tree. A bundled query is checked by tree-sitter in CI (`toasty rules test` compiles
   * the packs untrusted); a small project's run paid about 1 ms a query for a native copy it never ran.
   */
  native: NativeQuery | null;
}

interface NativeQuery {
  query: Parser.Query;
  /** False when the file's text cannot contain a match (a cheap substring test before the tree walk). */
  possible: ((text: string) => boolean) | null;
}

/**
 * A sound pre-filter from the literals the query's predicates demand: a positive `#eq? @c "lit"`
 * needs `lit` in the text, a positive `#any-of?` one of its strings (a predicate on a missing
 * capture fails). A query is possible when one of its patterns is; a pattern without such a
 * literal is always possible, and then there is no pre-filter.
 */
function prefilterOf(descriptions: (string | number)[][][]): ((text: string) => boolean) | null {
  const patterns: { all: string[]; any: string[][] }[] = [];
  for (const list of descriptions) {
    const all: string[] = [];
    const any: string[][] = [];
    for (const steps of list) {
      const op = String(steps[1]);
      const strings: string[] = [];
      for (let k = 4; k < steps.length; k += 2) if (steps[k] !== CAPTURE) strings.push(String(steps[k + 1]));
      if (op === 'eq?' && steps[2] === CAPTURE && strings.length === 1) all.push(strings[0]!);
      else if (op === 'any-of?' && steps[2] === CAPTURE && strings.length > 0) any.push(strings);
    }
    if (all.length === 0 && any.length === 0) return null;
    patterns.push({ all, any });
  }
  if (patterns.length === 0) return null;
  return (text) =>
    patterns.some((p) => p.all.every((lit) => text.includes(lit)) && p.any.every((group) => group.some((lit) => text.includes(lit))));
}

/** The predicates of tree-sitter-shaped steps of a bundled query, rebuilt as in `compileQuery` (RE2 for regexes, compiled on first test). */
function predicatesOf(steps: (string | number)[][]): Predicate[] {
  return steps.map((step) => predicateOf(step, true)).filter((p): p is Predicate => p !== null);
}

/** `trusted` (bundled, CI-tested queries): the regexes of `#match?` predicates compile on their first test, and the query runs over the front-end's tree where it can. */
function compileQuery(source: string, trusted = false): CompiledQuery {
  const tree = trusted ? compileTreeQuery(source, predicatesOf) : null;
  return { source, trusted, tree: tree ? [tree] : null, native: tree ? null : nativeQuery(source, trusted) };
}

/** tree-sitter's query for `source`, its predicates rebuilt (RE2 for regexes), or an Error that says where it is wrong. */
function nativeQuery(source: string, trusted: boolean): NativeQuery {
  let query: Parser.Query;
  try {
    const ts = pythonTreeSitter();
    query = new ts.Parser.Query(ts.language, source);
  } catch (error) {
    const m = /Query error of type (\w+) at position (\d+)/.exec((error as Error).message);
    if (m) throw new Error(`${QUERY_ERRORS[m[1]!] ?? m[1]} at ${where(source, Number(m[2]))}`);
    throw new Error((error as Error).message.replace(/^Error: /, ''));
  }
  const internals = query as unknown as QueryInternals;
  const descriptions = internals._getPredicates();
  const possible = prefilterOf(descriptions as unknown as (string | number)[][][]);
  descriptions.forEach((list, i) => {
    const rebuilt = list.map((steps) => predicateOf(steps, trusted)).filter((p): p is Predicate => p !== null);
    const slot = internals.predicates[i]!;
    slot.length = 0;
    slot.push(...rebuilt);
  });
  return { query, possible };
}

function toMatch(match: Parser.QueryMatch): Match | null {
  if (match.captures.length === 0) return null;
  let target = match.captures.find((c) => c.name === 'match')?.node;
  if (!target) {
    for (const c of match.captures) {
      if (!target || c.node.endIndex - c.node.startIndex > target.endIndex - target.startIndex) target = c.node;
    }
  }
  const node = target!;
  const captures: Record<string, string> = { MATCH: captureText(node.text) };
  for (const c of match.captures) captures[c.name] ??= captureText(c.node.text);
  return {
    start: node.startIndex,
    end: node.endIndex,
    span: {
      line: node.startPosition.row + 1,
      column: node.startPosition.column + 1,
      endLine: node.endPosition.row + 1,
      endColumn: node.endPosition.column + 1,
    },
    captures,
  };
}

function run(compiled: CompiledQuery, file: SourceFile): Match[] {
  // Over the front-end's tree, a pattern whose literals are not in the text is not tried (findInTree).
  const fromTree = compiled.tree ? findInTree(file, compiled.tree) : null;
  if (fromTree) return fromTree[0]!;
  const { query, possible } = (compiled.native ??= nativeQuery(compiled.source, compiled.trusted));
  if (possible && !possible(file.text)) return [];
  const out: Match[] = [];
  for (const match of query.matches(pythonTree(file).rootNode)) {
    const found = toMatch(match);
    if (found) out.push(found);
  }
  return out;
}
