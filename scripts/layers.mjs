// The layers of src/, lowest first: a file may import from its own layer and from layers of a
// lower rank, never from a higher rank nor from another layer of the same rank. One definition,
// read by the lint (eslint.config.js, rule `toasty/layers`) and by scripts/import-graph.mjs.
// ARCHITECTURE.md explains each layer.
import { dirname, relative, resolve, sep } from 'node:path';

/** Each rank lists its layers; a layer's paths are folders (ending in '/') or files, relative to the repository root. */
export const RANKS = [
  [{ name: 'util', paths: ['src/util/', 'src/errors.ts', 'src/version.ts'] }],
  [{ name: 'model', paths: ['src/model/'] }],
  [
    { name: 'languages', paths: ['src/languages/'] },
    { name: 'scoring', paths: ['src/scoring/'] },
  ],
  [{ name: 'config', paths: ['src/config/'] }],
  [
    { name: 'discovery', paths: ['src/discovery/'] },
    { name: 'learning', paths: ['src/learning/'] },
    { name: 'neural', paths: ['src/neural/'] },
  ],
  [
    { name: 'store', paths: ['src/store/'] },
    { name: 'report', paths: ['src/report/'] },
  ],
  // The rule-writing API (defineRule, the Rule contract, RuleContext, Visitors), the options' schema
  // check and the fixture-annotation format rules are documented and tested with.
  [{ name: 'rule-api', paths: ['src/engine/rule.ts', 'src/engine/rule-options.ts', 'src/engine/annotations.ts'] }],
  // Rule definitions and the loaders of YAML and plugin rules.
  [{ name: 'rules', paths: ['src/rules/', 'src/yaml-rules/', 'src/plugins/', 'src/neural/rules/', 'src/neural/detectors/rules/'] }],
  // Registry, traversal, orchestration of a run.
  [{ name: 'engine', paths: ['src/engine/'] }],
  [
    { name: 'fix', paths: ['src/fix/'] },
    { name: 'sync', paths: ['src/sync/'] },
  ],
  [{ name: 'cli', paths: ['src/cli/'] }],
];

const ENTRIES = RANKS.flatMap((layers, rank) => layers.flatMap((layer) => layer.paths.map((path) => ({ path, rank, name: layer.name }))))
  // the most specific path wins (src/neural/rules/ over src/neural/)
  .sort((a, b) => b.path.length - a.path.length);

/** `util < model < languages, scoring < …` */
export const ORDER = RANKS.map((layers) => layers.map((l) => l.name).join(', ')).join(' < ');

/** The layer of a file (repository-relative, '/'-separated), null outside src/, undefined for a file of src/ in no layer. */
export function layerOf(repoPath) {
  if (!repoPath.startsWith('src/')) return null;
  return ENTRIES.find((e) => (e.path.endsWith('/') ? repoPath.startsWith(e.path) : repoPath === e.path));
}

/** The repository-relative file a relative specifier names ('.js' → '.ts', as TypeScript resolves NodeNext imports); null for a package. */
export function resolveSpecifier(root, fromRepoPath, specifier) {
  if (!specifier.startsWith('.')) return null;
  const abs = resolve(root, dirname(fromRepoPath), specifier);
  return relative(root, abs)
    .split(sep)
    .join('/')
    .replace(/\.(m?)js$/, '.$1ts');
}

/**
 * Why importing `to` from `from` breaks the layering, or null when it does not.
 * Both are repository-relative paths.
 */
export function violation(from, to) {
  const a = layerOf(from);
  const b = layerOf(to);
  if (a === null || b === null) return null;
  if (a === undefined) return `${from} is in no layer: add its folder to scripts/layers.mjs`;
  if (b === undefined) return `${to} is in no layer: add its folder to scripts/layers.mjs`;
  if (a.name === b.name || a.rank > b.rank) return null;
  const why = a.rank === b.rank ? `the same rank as ${a.name}` : `above ${a.name}`;
  return `${a.name} (${from}) must not import ${b.name} (${to}): ${b.name} is ${why}. Layers import downward only: ${ORDER}`;
}
