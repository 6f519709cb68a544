import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha1, sha256 } from '../util/hash.js';
import { PACKAGE_ROOT } from '../util/paths.js';

/**
 * A stamp of the files under `dir`: their contents (code and rule packs, so an identical rebuild
 * keeps the cache) or, for large model files, their size and modification time.
 */
function stamp(dir: string, by: 'content' | 'stat', into: string[], recursive = true): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const abs = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (recursive) stamp(abs, by, into);
    } else if (!entry.isFile() || entry.name.endsWith('.map')) continue;
    else if (by === 'content') into.push(`${entry.name}:${sha1(readFileSync(abs, 'latin1'))}`);
    else {
      const s = statSync(abs);
      into.push(`${entry.name}:${s.size}:${Math.floor(s.mtimeMs)}`);
    }
  }
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
  const code = fileURLToPath(new URL('..', import.meta.url));
  stamp(code, 'content', parts);
  stamp(join(PACKAGE_ROOT, 'rules'), 'content', parts);
  stamp(join(PACKAGE_ROOT, 'models'), 'stat', parts, false); // the shipped model files, not models/training
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
