/**
 * The Python parse through toasty's own addon (native/python-flat, issue 19): tree-sitter parses and
 * flattens the whole tree into one Int32Array in native code, and the tree is built here from that
 * table, without one crossing into native code per node. The addon's table holds every node's exact
 * type, field, offsets, named and missing flags, in the cursor's order (flat.c documents the layout),
 * so the tree is the one the cursor conversion builds (tests/languages/python/flat-parse.test.ts
 * compares the two).
 *
 * The addon is built by `npm ci` / `npm run build` (scripts/build-native.mjs). Where it could not be
 * built, or `TOASTY_PYTHON_NATIVE=0` is set, `flatParser()` is null and parse.ts uses node-tree-sitter's
 * cursor, with the same trees.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ParseProblem } from '../../model/types.js';
import { PACKAGE_ROOT } from '../../util/paths.js';

/** Where the build puts the addon. */
export const FLAT_ADDON = join(PACKAGE_ROOT, 'native', 'python-flat', 'build', 'Release', 'toasty_python_flat.node');

const TABLE_VERSION = 1;
const HEADER = 4;
const NODE_INTS = 4;
const ERROR_SYMBOL = 0xffff;
const COUNT_MASK = (1 << 28) - 1;
const NAMED_BIT = 1 << 28;
const MISSING_BIT = 1 << 29;

interface Addon {
  setLanguage(language: unknown): { symbols: (string | null)[]; fields: (string | null)[] };
  parse(text: string): Int32Array;
  parseAsync(text: string): Promise<Int32Array>;
  tableVersion: number;
}

export interface FlatParser {
  /** The table of `text`'s tree (flat.c). */
  parse(text: string): Int32Array;
  /** The same, parsed on a libuv thread. */
  parseAsync(text: string): Promise<Int32Array>;
  /** Type name per symbol id, and field name per field id (0: none); strings interned. */
  types: string[];
  fields: (string | null)[];
}

let loaded: FlatParser | null | undefined;
/** Why the addon is not used (null when it is): for the tests and the benchmarks. */
let unavailable: string | null = null;

/** An interned copy of `s` (property keys are internalized): the rules compare types with `===`. */
function intern(s: string): string {
  return Object.keys({ [s]: 0 })[0]!;
}

/**
 * tree-sitter-python's binding, for its `language`. Its own entry point searches for the addon with
 * node-gyp-build and parses its 65 KB node-types.json, which only the cursor conversion reads: 16 ms
 * of a one-file run, against 4 ms to load the addon file it would find (the one built from source
 * first, as node-gyp-build prefers it, then the prebuild for this platform). Anything else (another
 * libc's prebuild, a moved package) goes through the entry point.
 */
function pythonGrammar(require: NodeJS.Require): { language: unknown } {
  const dir = dirname(require.resolve('tree-sitter-python/package.json'));
  const candidates = [
    join(dir, 'build', 'Release', 'tree_sitter_python_binding.node'),
    join(dir, 'prebuilds', `${process.platform}-${process.arch}`, 'tree-sitter-python.node'),
  ];
  const found = candidates.find((c) => existsSync(c));
  return (found ? require(found) : require('tree-sitter-python')) as { language: unknown };
}

/** The addon with tree-sitter-python's grammar set, or null (and `flatParserUnavailable()` says why). */
export function flatParser(): FlatParser | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  if (process.env.TOASTY_PYTHON_NATIVE === '0') {
    unavailable = 'TOASTY_PYTHON_NATIVE=0';
    return null;
  }
  if (!existsSync(FLAT_ADDON)) {
    unavailable = `${FLAT_ADDON} was not built (npm run build builds it; it needs a C compiler and node-gyp)`;
    return null;
  }
  try {
    const require = createRequire(import.meta.url);
    const addon = require(FLAT_ADDON) as Addon;
    if (addon.tableVersion !== TABLE_VERSION) throw new Error(`table version ${addon.tableVersion}, expected ${TABLE_VERSION}`);
    const grammar = pythonGrammar(require);
    const info = addon.setLanguage(grammar.language);
    const types = info.symbols.map((s) => intern(s ?? ''));
    types[ERROR_SYMBOL] = 'ERROR';
    const fields = info.fields.map((f) => (f === null ? null : intern(f)));
    loaded = { parse: (text) => addon.parse(text), parseAsync: (text) => addon.parseAsync(text), types, fields };
  } catch (e) {
    unavailable = `${FLAT_ADDON}: ${e instanceof Error ? e.message : String(e)}`;
  }
  return loaded;
}

export function flatParserUnavailable(): string | null {
  flatParser();
  return unavailable;
}

/** What building the tree from a table gives; `Node` is parse.ts's PyNode (passed in: no import cycle). */
export interface FromTable<N> {
  root: N;
  hasError: boolean;
  /** Python 2 print/exec statements, in document order. */
  py2: N[];
  /** ERROR and MISSING nodes below the root, in document order (only when `hasError`). */
  problems: ParseProblem[];
}

/** How to make one node: parse.ts's PyNode constructor and its child lists. */
export interface NodeFactory<N> {
  make(type: string, named: boolean, field: string | null, start: number, end: number, missing: boolean, parent: N | null): N;
  setChildren(node: N, children: N[]): void;
  problemAt(node: N, message: string): ParseProblem;
}

/**
 * Builds the tree of `table`. Children are gathered on one shared stack and moved into an exactly
 * sized array (`splice`) when their parent closes, as the cursor conversion does, so every child
 * list has the same hidden class.
 */
export function treeFromTable<N>(table: Int32Array, text: string, p: FlatParser, f: NodeFactory<N>): FromTable<N> {
  if (table[0] !== TABLE_VERSION) throw new Error(`python parse table version ${table[0]}, expected ${TABLE_VERSION}`);
  const count = table[1]!;
  const hasError = table[2] === 1;
  const { types, fields } = p;
  const py2: N[] = [];
  const problems: ParseProblem[] = [];
  let i = HEADER;
  const node = (parent: N | null): N => {
    const head = table[i]!;
    const flags = table[i + 3]!;
    const type = types[head & 0xffff]!;
    const n = f.make(
      type,
      (flags & NAMED_BIT) !== 0,
      fields[head >>> 16] ?? null,
      table[i + 1]!,
      table[i + 2]!,
      (flags & MISSING_BIT) !== 0,
      parent,
    );
    if ((flags & NAMED_BIT) !== 0 && (type === 'print_statement' || type === 'exec_statement')) py2.push(n);
    if (hasError && parent !== null) {
      if ((head & 0xffff) === ERROR_SYMBOL) {
        const start = table[i + 1]!;
        const snippet = text.slice(start, Math.min(table[i + 2]!, start + 40)).split('\n')[0] ?? '';
        problems.push(f.problemAt(n, `syntax error near \`${snippet}\``));
      } else if ((flags & MISSING_BIT) !== 0) {
        problems.push(f.problemAt(n, `missing \`${type}\``));
      }
    }
    return n;
  };
  const root = node(null);
  let left = table[i + 3]! & COUNT_MASK;
  i += NODE_INTS;
  if (left === 0) return { root, hasError, py2, problems };
  const kids: N[] = [];
  /** Per open node: where its children begin on `kids`, and how many its parent still had to come. */
  const from: number[] = [0];
  const parentLeft: number[] = [];
  const parents: N[] = [];
  let parent = root;
  for (let k = 1; k < count; k++) {
    const children = table[i + 3]! & COUNT_MASK;
    const n = node(parent);
    i += NODE_INTS;
    kids.push(n);
    left--;
    if (children > 0) {
      parents.push(parent);
      parentLeft.push(left);
      from.push(kids.length);
      parent = n;
      left = children;
      continue;
    }
    while (left === 0) {
      f.setChildren(parent, kids.splice(from.pop()!));
      if (parents.length === 0) return { root, hasError, py2, problems };
      parent = parents.pop()!;
      left = parentLeft.pop()!;
    }
  }
  throw new Error(`python parse table: ${count} nodes, but the tree is not closed`);
}
