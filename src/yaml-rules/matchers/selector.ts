import { createRequire } from 'node:module';
import type { SourceFile } from '../../model/types.js';
import { preorderOf } from '../../languages/javascript/preorder.js';
import { babelProgram, type BabelNode } from '../syntax.js';
import { captureText, spanOfOffsets } from '../text-index.js';
import { BABEL_NODE_TYPES } from './babel-node-types.js';
import type { LeafMatcher, Match } from './match.js';
import { fileNeedOf, type Prefilter, prefilterOf } from './selector-prefilter.js';
import { re2Tester } from './regex.js';
import { editDistance } from '../../util/did-you-mean.js';

/** The part of esquery's API used here (esquery ships no types of its own). */
interface SelectorAst {
  type: string;
  [key: string]: unknown;
}
interface EsqueryOptions {
  visitorKeys?: Record<string, string[]>;
}
interface Esquery {
  parse(selector: string): SelectorAst;
  match(ast: object, selector: SelectorAst, options?: EsqueryOptions): object[];
  matches(node: object, selector: SelectorAst, ancestry: object[], options?: EsqueryOptions): boolean;
}

const require = createRequire(import.meta.url);
let esquery: Esquery | null = null;
function engine(): Esquery {
  esquery ??= require('esquery') as Esquery;
  return esquery;
}

/**
 * Selectors run on Babel's AST, not ESTree. So that selectors written for ESLint
 * keep working, the ESTree names below also match their Babel counterparts.
 */
export const ESTREE_ALIASES: Readonly<Record<string, readonly string[]>> = {
  Literal: ['StringLiteral', 'NumericLiteral', 'BooleanLiteral', 'NullLiteral', 'RegExpLiteral', 'BigIntLiteral', 'DecimalLiteral'],
  Property: ['ObjectProperty', 'ObjectMethod'],
  MethodDefinition: ['ClassMethod', 'ClassPrivateMethod', 'TSDeclareMethod'],
  PropertyDefinition: ['ClassProperty', 'ClassPrivateProperty', 'ClassAccessorProperty'],
  PrivateIdentifier: ['PrivateName'],
  CallExpression: ['CallExpression', 'OptionalCallExpression'],
  MemberExpression: ['MemberExpression', 'OptionalMemberExpression'],
};
const KNOWN_TYPES = new Set([...BABEL_NODE_TYPES, ...Object.keys(ESTREE_ALIASES)]);

function closest(name: string): string | null {
  let best: string | null = null;
  let bestScore = Infinity;
  for (const known of KNOWN_TYPES) {
    const d = editDistance(name.toLowerCase(), known.toLowerCase());
    if (d < bestScore) {
      bestScore = d;
      best = known;
    }
  }
  return bestScore <= Math.max(2, name.length / 4) ? best : null;
}

/** Verdicts a selector regex remembers (names and short strings repeat across a file and a run); past this many it stops adding. */
const REMEMBERED_VERDICTS = 4096;

/**
 * `test` (pure: RE2 keeps no state between calls) with its verdicts on strings of up to 64
 * characters remembered (any other value is tested every time): an attribute regex such as `[callee.property.name=/Sync$/]` is asked about
 * the same few hundred names across a run, by the prefilter and then by esquery.
 */
function remembered(test: (text: string) => boolean): (text: string) => boolean {
  const verdicts = new Map<string, boolean>();
  return (text) => {
    // esquery's `!=` passes whatever the path holds (a number, a node, undefined): tested as its
    // string form, as the RegExp esquery expects would (`String(value)`), never thrown on.
    if (typeof text !== 'string') return test(String(text));
    if (text.length > 64) return test(text);
    let verdict = verdicts.get(text);
    if (verdict === undefined) {
      verdict = test(text);
      if (verdicts.size < REMEMBERED_VERDICTS) verdicts.set(text, verdict);
    }
    return verdict;
  };
}

/** Rewrites the parsed selector in place: ESTree aliases, RE2-backed regexes; throws on an unknown node type. */
function rewrite(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewrite);
  if (node === null || typeof node !== 'object') return node;
  const sel = node as SelectorAst;
  if (sel.type === 'identifier' && typeof sel.value === 'string') {
    const aliases = ESTREE_ALIASES[sel.value];
    if (aliases) return { type: 'matches', selectors: aliases.map((value) => ({ type: 'identifier', value })) };
    if (sel.value !== '*' && !KNOWN_TYPES.has(sel.value)) {
      const guess = closest(sel.value);
      throw new Error(`unknown node type \`${sel.value}\`${guess ? ` (did you mean \`${guess}\`?)` : ''}; selectors see Babel node types`);
    }
    return sel;
  }
  if (sel.type === 'regexp' && sel.value instanceof RegExp) {
    const re = sel.value;
    const test = remembered(re2Tester(`${re.flags.includes('i') ? '(?i)' : ''}${re.source}`));
    return { type: 'regexp', value: { test } };
  }
  const out: SelectorAst = { type: sel.type };
  for (const [key, value] of Object.entries(sel)) if (key !== 'type') out[key] = rewrite(value);
  return out;
}

/** Node types → keys holding child nodes, learnt from the AST itself (Babel and TS nodes included). */
const visitorKeys: Record<string, string[]> = {};
const SKIP = new Set(['loc', 'extra', 'leadingComments', 'trailingComments', 'innerComments', 'comments', 'tokens', 'errors']);

/** True when `value` is a node (an object with a string `type`). */
function isNode(value: unknown): value is BabelNode {
  return value !== null && typeof value === 'object' && typeof (value as BabelNode).type === 'string';
}

/** The keys of `node` whose values are objects (a child node, a list of them, or other data). */
function objectKeys(node: BabelNode): string[] {
  return Object.keys(node).filter((key) => !SKIP.has(key) && node[key] !== null && typeof node[key] === 'object');
}

/** Learns the keys of `node` that hold child nodes, for esquery. */
function learnChildKeys(node: BabelNode): void {
  let keys = visitorKeys[node.type];
  for (const key of objectKeys(node)) {
    const value = node[key];
    if (Array.isArray(value) ? value.some(isNode) : isNode(value)) {
      keys ??= visitorKeys[node.type] = [];
      if (!keys.includes(key)) keys.push(key);
    }
  }
  visitorKeys[node.type] ??= [];
}

/**
 * Pushes the children of a node onto `stack` (with `depth`) so that the first child is popped
 * first (only for a program no front-end walk listed).
 */
function pushChildren(node: BabelNode, depth: number, stack: BabelNode[], depths: number[]): void {
  const from = stack.length;
  for (const key of objectKeys(node)) {
    const value = node[key];
    if (Array.isArray(value)) {
      for (const child of value) if (isNode(child)) stack.push(child);
    } else if (isNode(value)) stack.push(value);
  }
  for (let i = from, j = stack.length - 1; i < j; i++, j--) {
    const t = stack[i]!;
    stack[i] = stack[j]!;
    stack[j] = t;
  }
  for (let i = from; i < stack.length; i++) depths[i] = depth;
}

/** A file's nodes in document order with their depths, and whether their child keys are learnt. */
interface FileNodes {
  nodes: readonly BabelNode[];
  depths: readonly number[];
  keysLearnt: boolean;
}
const perProgram = new WeakMap<BabelNode, FileNodes>();

/**
 * The nodes of a program in document order: the JS front-end's own walk recorded them (its
 * `preorderOf`), else they are listed here once.
 */
function fileNodes(program: BabelNode): FileNodes {
  let found = perProgram.get(program);
  if (found) return found;
  const recorded = preorderOf(program);
  if (recorded) found = { nodes: recorded.nodes as readonly BabelNode[], depths: recorded.depths, keysLearnt: false };
  else {
    const nodes: BabelNode[] = [];
    const depths: number[] = [];
    const stack: BabelNode[] = [program];
    const stackDepths: number[] = [0];
    while (stack.length) {
      const node = stack.pop()!;
      const depth = stackDepths.pop()!;
      nodes.push(node);
      depths.push(depth);
      pushChildren(node, depth + 1, stack, stackDepths);
    }
    found = { nodes, depths, keysLearnt: false };
  }
  perProgram.set(program, found);
  return found;
}

/**
 * Learns the child keys of every node type in the file. esquery reads them only for `:has`,
 * siblings and `nth-child` (`needsKeys`), which need them complete for the file before matching.
 */
function learnKeys(file: FileNodes): void {
  if (file.keysLearnt) return;
  for (const node of file.nodes) learnChildKeys(node);
  file.keysLearnt = true;
}

/**
 * Node types a selector's subject can have (null when any node may match: `*`, attributes only),
 * and the part of the selector that gives them when it is an identifier or a `:matches` (its type
 * test is then what the selector walk's dispatch by type does; `:function` gives none).
 */
function subjectOf(sel: SelectorAst): { types: Set<string>; part: SelectorAst | null } | null {
  switch (sel.type) {
    case 'identifier':
      return { types: new Set([sel.value as string]), part: sel };
    case 'matches': {
      const all = new Set<string>();
      for (const part of sel.selectors as SelectorAst[]) {
        const subject = subjectOf(part);
        if (!subject) return null;
        for (const t of subject.types) all.add(t);
      }
      return { types: all, part: sel };
    }
    case 'compound':
      for (const part of sel.selectors as SelectorAst[]) {
        const subject = subjectOf(part);
        if (subject) return subject;
      }
      return null;
    case 'class':
      return sel.name === 'function'
        ? { types: new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']), part: null }
        : null;
    case 'child':
    case 'descendant':
    case 'sibling':
    case 'adjacent':
      return subjectOf(sel.right as SelectorAst);
    default:
      return null;
  }
}

/** Every compiled selector; a file is traversed once for all of them (see `selectorMatches`). */
interface Registered {
  id: number;
  selector: SelectorAst;
  /** Selectors with a subject indicator (`!`) are matched by esquery's own traversal. */
  ownTraversal: boolean;
  /** What the subject must pass before esquery is asked (null: ask for every node of a subject type). */
  prefilter: Prefilter | null;
  /** What some node of the file must pass for the selector to match there (its `:has` parts), or null. */
  fileNeed: Prefilter | null;
  /** esquery reads the visitor keys for it (`:has`, siblings, `nth-child`): the file's must be learnt first. */
  needsKeys: boolean;
}
const registry: Registered[] = [];
const byType = new Map<string, Registered[]>();
const anyType: Registered[] = [];
const perFile = new WeakMap<SourceFile, Map<number, BabelNode[]>>();

const KEYED = /"type":"(has|sibling|adjacent|nth-child|nth-last-child)"/;

function register(selector: SelectorAst): Registered {
  const json = JSON.stringify(selector);
  const ownTraversal = json.includes('"subject":true');
  const subject = ownTraversal ? null : subjectOf(selector);
  const types = subject?.types ?? null;
  const entry: Registered = {
    id: registry.length,
    selector,
    ownTraversal,
    // A typed selector is tested only on nodes of its subject's types: its type test is left out.
    prefilter: ownTraversal ? null : prefilterOf(selector, subject?.part ?? null),
    fileNeed: ownTraversal ? null : fileNeedOf(selector),
    needsKeys: KEYED.test(json),
  };
  registry.push(entry);
  if (entry.ownTraversal) return entry;
  if (!types) anyType.push(entry);
  else for (const t of types) byType.set(t, [...(byType.get(t) ?? []), entry]);
  return entry;
}

/**
 * Tests `entries` on every node of the file, in document order, and records their matches in
 * `found`. The file's child keys are learnt before the first selector that needs them is matched.
 */
function walkSelectors(program: BabelNode, entries: readonly Registered[], found: Map<number, BabelNode[]>): void {
  const ids = new Set(entries.map((e) => e.id));
  const typed = new Map<string, Registered[]>();
  for (const [type, list] of byType) {
    const mine = list.filter((e) => ids.has(e.id));
    if (mine.length) typed.set(type, mine);
  }
  const untyped = anyType.filter((e) => ids.has(e.id));
  for (const e of entries) found.set(e.id, []);
  const file = fileNodes(program);
  const { nodes: order, depths } = file;
  /** The ancestors of the node at `k`: path[0 .. depths[k] - 1] (a stack kept by index: no `length` store per node). */
  const path: BabelNode[] = [];
  const passed: Registered[] = [];
  const needMet = new Map<Registered, boolean>();
  const passes = (r: Registered, node: BabelNode): boolean => {
    if (r.prefilter !== null && !r.prefilter(node)) return false;
    if (r.fileNeed === null) return true;
    let met = needMet.get(r);
    if (met === undefined) needMet.set(r, (met = order.some(r.fileNeed)));
    return met;
  };
  for (let k = 0; k < order.length; k++) {
    const node = order[k]!;
    const depth = depths[k]!;
    const candidates = typed.get(node.type);
    if (candidates !== undefined || untyped.length) {
      let count = 0;
      if (candidates !== undefined)
        for (let i = 0; i < candidates.length; i++) if (passes(candidates[i]!, node)) passed[count++] = candidates[i]!;
      for (let i = 0; i < untyped.length; i++) if (passes(untyped[i]!, node)) passed[count++] = untyped[i]!;
      if (count > 0) {
        const ancestry: BabelNode[] = [];
        for (let i = depth - 1; i >= 0; i--) ancestry.push(path[i]!);
        for (let i = 0; i < count; i++) if (passed[i]!.needsKeys) learnKeys(file);
        for (let i = 0; i < count; i++) {
          const r = passed[i]!;
          if (engine().matches(node, r.selector, ancestry, { visitorKeys })) found.get(r.id)!.push(node);
        }
      }
    }
    path[depth] = node;
  }
}

/**
 * The nodes a selector matches in a file. The first call for a file walks its AST once and tests
 * every registered selector on the nodes whose type its subject can have, so N selector rules cost
 * one traversal, not N. Selectors registered after that walk (bundled rules compile on their first
 * file) are caught up together in one more walk: esquery's own `match` keeps the ancestry with
 * `unshift`, which is quadratic in depth (a 5,000-call chain: 190 ms per selector).
 */
function selectorMatches(file: SourceFile, program: BabelNode, entry: Registered): BabelNode[] {
  let results = perFile.get(file);
  if (!results) {
    results = new Map();
    perFile.set(file, results);
  }
  let nodes = results.get(entry.id);
  if (!nodes && !entry.ownTraversal) {
    walkSelectors(
      program,
      registry.filter((r) => !r.ownTraversal && !results.has(r.id)),
      results,
    );
    nodes = results.get(entry.id)!;
  }
  if (!nodes) {
    // A subject indicator (`!`) needs esquery's own traversal, with the file's child keys.
    learnKeys(fileNodes(program));
    nodes = engine().match(program, entry.selector, { visitorKeys }) as BabelNode[];
    results.set(entry.id, nodes);
  }
  return nodes;
}

function nameOf(node: BabelNode, text: string): string {
  const pick = (n: unknown): string | null => {
    if (n === null || typeof n !== 'object') return null;
    const b = n as BabelNode;
    if (typeof b.name === 'string') return b.name;
    if (b.type === 'StringLiteral' && typeof b.value === 'string') return b.value;
    if (b.type.endsWith('MemberExpression')) return text.slice(b.start, b.end);
    return null;
  };
  return pick(node) ?? pick(node.id) ?? pick(node.key) ?? pick(node.callee) ?? pick(node.name) ?? '';
}

/** Compiles an ESLint-style selector (esquery) for JS/TS, or throws an Error saying what is wrong. */
export function selectorMatcher(source: string, languages: LeafMatcher['languages']): LeafMatcher {
  let parsed: SelectorAst;
  try {
    parsed = engine().parse(source);
  } catch (error) {
    const e = error as Error & { location?: { start: { column: number } } };
    throw new Error(`${e.message}${e.location ? ` at column ${e.location.start.column}` : ''}`);
  }
  const selector = rewrite(parsed) as SelectorAst;
  // Some mistakes (an unknown pseudo-class) only show when the selector runs.
  try {
    engine().match({ type: 'Program', body: [], start: 0, end: 0 }, selector, { visitorKeys });
  } catch (error) {
    throw new Error((error as Error).message);
  }
  const entry = register(selector);
  return {
    languages,
    captures: ['MATCH', 'NAME'],
    find(file: SourceFile): Match[] {
      const program = babelProgram(file);
      if (!program) return [];
      return selectorMatches(file, program, entry).map((node) => ({
        start: node.start,
        end: node.end,
        span: spanOfOffsets(file, node.start, node.end),
        captures: { MATCH: captureText(file.text.slice(node.start, node.end)), NAME: captureText(nameOf(node, file.text)) },
      }));
    },
  };
}
