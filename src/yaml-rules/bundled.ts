/**
 * The bundled YAML packs (rules/) without compiling them: when the code stamp says the packs are as
 * the build left them (store/cache-key.ts `bundledRulePacks`), each file's rules come from the build's
 * snapshot as placeholders that carry everything but the patterns: id, dimension, severity,
 * languages, messages (yaml-rules/meta.ts). A run whose files all come from the cache needs no more;
 * a run with files to grade compiles the packs first (`compileBundledStubs`, engine/registry.ts).
 * This module loads neither the compiler nor the matchers (tests/e2e/startup.test.ts checks it).
 */
import { isAbsolute, join, relative, sep } from 'node:path';
import type { Rule } from '../engine/rule.js';
import { bundledRulePacks } from '../store/cache-key.js';
import { displayPath, PACKAGE_ROOT } from '../util/paths.js';
import { fixApplicability, yamlRuleMeta, type YamlRuleHead } from './meta.js';
import { snapshotByStamp, stubHeadsByStamp } from './snapshot.js';

/** The YAML packs shipped with toasty. */
export const BUNDLED_RULES_DIR = join(PACKAGE_ROOT, 'rules');

/** One bundled rule file's placeholder rules (yaml-rules/load.ts `RuleFile`'s shape). */
export interface StubFile {
  path: string;
  display: string;
  rules: Rule[];
}

function notCompiled(id: string): never {
  throw new Error(`internal error: the bundled YAML rule ${id} ran before its pack was compiled (RuleSet.compile)`);
}

/**
 * What a placeholder holds of a rule: its id, dimension and meta, plain JSON. The build records them
 * in its snapshot beside each pack's parsed YAML (scripts/snapshot-rules.mjs), so a run lists the
 * bundled rules without building their meta again (issue 19).
 */
export interface StubHead {
  id: string;
  dimension: Rule['dimension'];
  meta: Rule['meta'];
}

/**
 * The placeholder heads of one bundled file's parsed YAML (`rules: [...]`, or one rule at the top
 * level as yaml-rules/source.ts `normalize` takes it), or null for anything else.
 */
export function stubHeadsOf(data: unknown): StubHead[] | null {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return null;
  const { rules } = data as { rules?: unknown };
  const specs = rules === undefined ? [data as YamlRuleHead] : Array.isArray(rules) ? (rules as YamlRuleHead[]) : null;
  return specs && specs.map((spec) => ({ id: spec.id, dimension: spec.dimension, meta: yamlRuleMeta(spec, fixApplicability(spec)) }));
}

function stubOf(head: StubHead): Rule {
  return {
    id: head.id,
    dimension: head.dimension,
    source: 'yaml',
    meta: head.meta,
    defaultOptions: {},
    create: () => notCompiled(head.id),
  };
}

/** The placeholder rules of one bundled file's parsed YAML (`stubHeadsOf`), or null. */
export function stubsOf(data: unknown): Rule[] | null {
  return stubHeadsOf(data)?.map(stubOf) ?? null;
}

/**
 * The path and shown path (util/paths.ts `displayPath`) of files under `dir`, by their '/'-separated
 * path under it, with one path.relative for the folder instead of a join and a relative per file (34
 * packs in every grade: issue 19). `dir` is absolute and normalized; `rel` has no `.` or `..` parts.
 */
export function placeUnder(dir: string, cwd = process.cwd()): (rel: string) => { path: string; display: string } {
  const within = (rel: string): boolean => !rel.startsWith('..') && !isAbsolute(rel);
  const under = relative(cwd, dir);
  const prefix = under ? `${under.split('\\').join('/')}/` : '';
  // The working directory holds `dir`: shown relative; is below it: each file as displayPath says; else absolute.
  const shown = within(under) ? 'relative' : within(relative(dir, cwd)) ? 'each' : 'absolute';
  return (rel) => {
    const path = `${dir}${sep}${sep === '/' ? rel : rel.split('/').join(sep)}`;
    return { path, display: shown === 'relative' ? prefix + rel : shown === 'each' ? displayPath(path, cwd) : path };
  };
}

/**
 * Placeholder rules of every bundled pack, in the order the loader lists the files, or null when the
 * stamp or the snapshot cannot vouch for every file (then the caller loads the packs as usual).
 */
export function bundledRuleStubs(): StubFile[] | null {
  const packs = bundledRulePacks();
  if (!packs) return null;
  const files: StubFile[] = [];
  const stamps = new Map<string, { rel: string; stamp: string }>();
  const place = placeUnder(BUNDLED_RULES_DIR);
  for (const [rel, stamp] of packs) {
    // The heads the build recorded, else built from the snapshot's YAML (a snapshot without them).
    const heads = stubHeadsByStamp(rel, stamp) ?? stubHeadsOf(snapshotByStamp(rel, stamp));
    const rules = heads && heads.map(stubOf);
    if (!rules) return null;
    const { path, display } = place(rel);
    files.push({ path, display, rules });
    stamps.set(path, { rel, stamp });
  }
  for (const [path, entry] of stamps) stubbed.set(path, entry);
  return files;
}

/** The bundled packs whose placeholders came from the snapshot (by path): their code-stamp hash. */
const stubbed = new Map<string, { rel: string; stamp: string }>();

/**
 * The parsed YAML of a bundled pack whose placeholders `bundledRuleStubs` took from the build's
 * snapshot, from the same snapshot entry (the code stamp vouched for the file's content): compiling
 * it then reads, stats and hashes no rule file (issue 19). Undefined for any other file.
 */
export function stubbedPackData(path: string): unknown {
  const entry = stubbed.get(path);
  return entry ? snapshotByStamp(entry.rel, entry.stamp) : undefined;
}

/**
 * Turns placeholders into the compiled rules, in place (the same objects, so a rule set and its
 * resolver built on the placeholders see the compiled rules): `compiled` are the packs compiled as
 * the loader does, file by file.
 */
export function fillStubs(stubs: readonly StubFile[], compiled: readonly { rules: readonly Rule[] }[]): void {
  stubs.forEach((file, i) => {
    const rules = compiled[i]?.rules ?? [];
    if (rules.length !== file.rules.length || rules.some((r, k) => r.id !== file.rules[k]!.id))
      throw new Error(`internal error: ${file.display} compiled to other rules than its snapshot lists`);
    file.rules.forEach((stub, k) => Object.assign(stub, rules[k]));
  });
}
