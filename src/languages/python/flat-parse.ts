/**
 * The Python parse through toasty's own addon (native/python-flat, issue 19): tree-sitter parses and
 * flattens the whole tree into one Int32Array in native code, and parse.ts builds its tree from that
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
import { join } from 'node:path';
import { PACKAGE_ROOT, packageDir } from '../../util/paths.js';

/** Where the build puts the addon. */
export const FLAT_ADDON = join(PACKAGE_ROOT, 'native', 'python-flat', 'build', 'Release', 'toasty_python_flat.node');

/** The table's layout (flat.c): a header, then per node symbol | field << 16, start, end, child count | flags. */
export const TABLE_VERSION = 1;
export const HEADER = 4;
export const NODE_INTS = 4;
export const ERROR_SYMBOL = 0xffff;
export const COUNT_MASK = (1 << 28) - 1;
export const NAMED_BIT = 1 << 28;
export const MISSING_BIT = 1 << 29;

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
 * The grammar binaries `pythonGrammar` looks for in tree-sitter-python's folder `dir`, in its order:
 * the one built from source, then the prebuild for this platform. The result cache's code stamp
 * covers them (store/cache-key.ts): another grammar parses the same file into another tree.
 */
export function grammarBinaries(dir: string): string[] {
  return [
    join(dir, 'build', 'Release', 'tree_sitter_python_binding.node'),
    join(dir, 'prebuilds', `${process.platform}-${process.arch}`, 'tree-sitter-python.node'),
  ];
}

/**
 * tree-sitter-python's binding, for its `language`. Its own entry point searches for the addon with
 * node-gyp-build and parses its 65 KB node-types.json, which only the cursor conversion reads: 16 ms
 * of a one-file run, against 4 ms to load the addon file it would find (the one built from source
 * first, as node-gyp-build prefers it, then the prebuild for this platform). Anything else (another
 * libc's prebuild, a moved package) goes through the entry point.
 */
function pythonGrammar(require: NodeJS.Require): { language: unknown } {
  const dir = packageDir('tree-sitter-python');
  const found = dir === null ? undefined : grammarBinaries(dir).find((c) => existsSync(c));
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
