import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { grammarBinaries } from '../languages/python/flat-parse.js';
import { sha1, sha256 } from '../util/hash.js';
import { sizesAndTimes } from '../util/native-stat.js';
import { PACKAGE_ROOT, packageDir, vendorDir } from '../util/paths.js';

/** One file of the grading code: stamped by content, or (large model files) by size and modification time. */
interface StampEntry {
  abs: string;
  /** Relative to the folder stamped, so the stamp survives the package being installed elsewhere. */
  rel: string;
  name: string;
  by: 'content' | 'stat';
  size: number;
  mtimeMs: number;
}

/**
 * The files under `dir` in a stable order, skipping source maps, type declarations, the stamp file
 * and V8 code caches (bin/toasty.js: written after the stamp, and not code: V8 checks them against
 * the source, which is stamped), and the files `keep` turns down. Paths are joined as strings
 * (`dir` is absolute and normalized already): path.join and path.relative for each of ~250 files
 * were a megabyte of garbage before a one-file grade's first collections (issue 19).
 */
function stampEntries(
  dir: string,
  by: 'content' | 'stat',
  into: StampEntry[],
  options: { recursive?: boolean; keep?: (name: string) => boolean; prefix?: string } = {},
): void {
  if (!existsSync(dir)) return;
  const { recursive = true, keep, prefix = '' } = options;
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const abs = `${dir}${sep}${entry.name}`;
    if (entry.isDirectory()) {
      if (recursive && (!keep || (!entry.name.startsWith('.') && entry.name !== 'node_modules')))
        stampEntries(abs, by, into, { recursive, keep, prefix: `${prefix}${entry.name}${sep}` });
    } else if (
      !entry.isFile() ||
      entry.name.endsWith('.map') ||
      entry.name.endsWith('.d.ts') ||
      entry.name.endsWith('.v8cache') ||
      entry.name === CODE_STAMP_FILE ||
      (keep && !keep(entry.name))
    )
      continue;
    else into.push({ abs, rel: prefix + entry.name, name: entry.name, by, size: 0, mtimeMs: 0 });
  }
}

/** Written by the build beside the code (scripts/snapshot-rules.mjs): the content stamp, and the sizes and times it was taken at. */
const CODE_STAMP_FILE = 'code-stamp.json';

interface CodeStamp {
  format: 1;
  /** Hash of every stamped file's path and size when `parts` was computed. */
  signature: string;
  parts: string[];
}

/**
 * The grading code: the bundle the CLI runs (dist/bundle/, scripts/bundle.mjs: everything it runs
 * is in there), or else the built code (dist/), or src/ under a TS loader.
 */
const CODE_DIR = fileURLToPath(new URL(/\/dist\/bundle\/[^/]+$/.test(import.meta.url) ? '.' : '..', import.meta.url));

/**
 * What turns Python source into the tree the rules see, besides the code: toasty's addons
 * (native/<addon>/build/Release/*.node, scripts/build-native.mjs: the tree-sitter runtime is
 * compiled into the parse addon), tree-sitter-python's grammar (its package.json and the binaries
 * languages/python/flat-parse.ts loads) and node-tree-sitter's package.json (the cursor conversion
 * and user packs' queries run on it), each by content, named by its path from the package's root or
 * its package's folder. An upgraded grammar under the same toasty then misses the cache.
 */
function parserEntries(packageRoot: string, into: StampEntry[]): void {
  const native = join(packageRoot, 'native');
  if (existsSync(native))
    for (const addon of readdirSync(native).sort())
      stampEntries(join(native, addon, 'build', 'Release'), 'content', into, {
        recursive: false,
        keep: (name) => name.endsWith('.node'),
        prefix: `native${sep}${addon}${sep}build${sep}Release${sep}`,
      });
  for (const pkg of ['tree-sitter-python', 'tree-sitter']) {
    const dir = packageDir(pkg, packageRoot);
    if (dir === null) continue; // not installed where this package can load it: nothing of it runs
    const files = [join(dir, 'package.json'), ...(pkg === 'tree-sitter-python' ? grammarBinaries(dir) : [])];
    for (const abs of files) {
      if (!existsSync(abs)) continue;
      const rel = `${pkg}${sep}${abs.slice(dir.length + 1)}`;
      into.push({ abs, rel, name: rel.split(sep).join('/'), by: 'content', size: 0, mtimeMs: 0 });
    }
  }
}

/** What grading reads of the YAML packs (yaml-rules/load.ts `ruleFilesIn`): not their fixtures or snapshots. */
const isRuleFile = (name: string): boolean => /\.ya?ml$/i.test(name);

/**
 * The stamped files: the code, the build's copies of packages the code loads (dist/vendor/, by
 * content, unless the code folder holds them), then the YAML packs (from `rules`, counted by
 * `rules`), then the models.
 */
function entries(code: string, packageRoot: string): { list: StampEntry[]; rules: { from: number; to: number } } {
  const list: StampEntry[] = [];
  const codeDir = code.endsWith(sep) ? code.slice(0, -1) : code;
  stampEntries(codeDir, 'content', list);
  // The JS/TS front-end parses with dist/vendor/babel-parser.cjs (scripts/patch-babel.mjs): a new
  // Babel release changes it, and so the results the cache holds.
  const vendor = vendorDir(packageRoot);
  if (!`${vendor}${sep}`.startsWith(`${codeDir}${sep}`)) stampEntries(vendor, 'content', list, { recursive: false });
  parserEntries(packageRoot, list);
  const from = list.length;
  stampEntries(join(packageRoot, 'rules'), 'content', list, { keep: isRuleFile });
  const to = list.length;
  stampEntries(join(packageRoot, 'models'), 'stat', list, { recursive: false }); // the shipped model files, not models/training
  // Every file's size and time in one batch (util/native-stat.ts).
  const stats = sizesAndTimes(list.map((e) => e.abs));
  list.forEach((e, i) => {
    e.size = stats[2 * i]!;
    e.mtimeMs = stats[2 * i + 1]!;
  });
  return { list, rules: { from, to } };
}

function signatureOf(list: readonly StampEntry[]): string {
  return sha1(list.map((e) => `${e.rel}:${e.size}`).join('\n'));
}

/**
 * A stamp of the grading code itself: the built files and YAML packs by content (so an identical
 * rebuild keeps the cache), the large model files by size and modification time. The content
 * hashes are read from the stamp the build wrote when the same files have the same sizes and none
 * is newer than the stamp (an installed package's files all carry one time), so a run stats these
 * files instead of reading and hashing all of them.
 */
export function codeStampParts(code: string = CODE_DIR, packageRoot: string = PACKAGE_ROOT): string[] {
  return stampOf(code, packageRoot).parts;
}

interface Stamp {
  parts: string[];
  /** Read from the build's stamp file: every stamped file is as the build left it. */
  saved: boolean;
  list: StampEntry[];
  rules: { from: number; to: number };
}

function stampOf(code: string, packageRoot: string): Stamp {
  const { list, rules } = entries(code, packageRoot);
  const signature = signatureOf(list);
  try {
    const file = join(code, CODE_STAMP_FILE);
    const written = Math.floor(statSync(file).mtimeMs);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as CodeStamp;
    const current = saved.format === 1 && saved.signature === signature && list.every((e) => e.by === 'stat' || e.mtimeMs <= written);
    if (current && Array.isArray(saved.parts) && saved.parts.length === list.length)
      return { parts: saved.parts, saved: true, list, rules };
  } catch {
    // absent or unreadable: computed below
  }
  return { parts: freshParts(list), saved: false, list, rules };
}

/** The running code's stamp, taken once per process (the cache key and the bundled YAML packs share it). */
let running: Stamp | null = null;
const runningStamp = (): Stamp => (running ??= stampOf(CODE_DIR, PACKAGE_ROOT));

/**
 * The bundled YAML packs (rules/ of the package) as the build stamped them: each file's path under
 * rules/ ('/'-separated, in the order yaml-rules/load.ts `ruleFilesIn` lists them) and the sha1 of
 * its content (scripts/snapshot-rules.mjs records the same hash beside each file's parsed YAML).
 * Null when any stamped file changed since the build (then the packs are read and hashed as usual).
 */
export function bundledRulePacks(): ReadonlyMap<string, string> | null {
  const stamp = runningStamp();
  if (!stamp.saved) return null;
  const out = new Map<string, string>();
  for (let i = stamp.rules.from; i < stamp.rules.to; i++) {
    const part = stamp.parts[i]!;
    out.set(stamp.list[i]!.rel.split(sep).join('/'), part.slice(part.lastIndexOf(':') + 1));
  }
  return out;
}

/** The hash of a file the code stamp records for it by content (scripts/snapshot-rules.mjs records it beside each YAML pack too). */
export function contentStamp(abs: string): string {
  return sha1(readFileSync(abs, 'latin1'));
}

function freshParts(list: readonly StampEntry[]): string[] {
  return list.map((e) => (e.by === 'content' ? `${e.name}:${contentStamp(e.abs)}` : `${e.name}:${e.size}:${e.mtimeMs}`));
}

/** Build step: records the code stamp beside the code, so runs read it instead of hashing every file. */
export function writeCodeStamp(code: string = CODE_DIR, packageRoot: string = PACKAGE_ROOT): void {
  const { list } = entries(code, packageRoot);
  const stamp: CodeStamp = { format: 1, signature: signatureOf(list), parts: freshParts(list) };
  writeFileSync(join(code, CODE_STAMP_FILE), JSON.stringify(stamp));
}

let memo: string | null = null;

/** What of a rule (engine/rule.ts `Rule`) changes its results, as the rule-set hash reads it. */
export interface RuleIdentity {
  id: string;
  dimension: string;
  defaultOptions: unknown;
  source?: string;
  meta: { severity: string; languages: readonly string[] };
}

/**
 * Hash of the rule set: every rule's id, dimension, severity, options and languages, plus a stamp
 * of the grading code itself (the built files, YAML packs and models), so a changed toasty with an
 * unchanged version number misses the cache.
 */
export function ruleSetHash(rules: readonly RuleIdentity[]): string {
  if (memo) return memo;
  const parts = rules.map((r) =>
    JSON.stringify([r.id, r.dimension, r.meta.severity, r.defaultOptions, r.meta.languages, r.source ?? 'builtin']),
  );
  parts.push(...runningStamp().parts);
  memo = sha1(parts.join('\n')).slice(0, 16);
  return memo;
}

export interface CacheKeyParts {
  version: string;
  configHash: string;
  rulesHash: string;
  /** As reported (relative to the working directory): fingerprints include it. */
  path: string;
  /** Relative to the config root: per-path overrides match it. */
  rootRelative: string;
  language: string;
  contentSha256: string;
}

export function cacheKey(p: CacheKeyParts): string {
  return sha256(JSON.stringify([p.version, p.configHash, p.rulesHash, p.path, p.rootRelative, p.language, p.contentSha256]));
}
