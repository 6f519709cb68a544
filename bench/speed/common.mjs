// Helpers shared by the speed benchmarks: timing a process, medians, the JSON digest that two runs
// of the same code on the same files share, and the JS/TS corpus copied from node_modules.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const JS_PACKAGES = ['eslint/lib', 'ajv/dist', 'yaml/dist', 'commander/lib', 'cosmiconfig/dist', 'picomatch/lib', 'vitest/dist', 'typescript-eslint/dist', '@typescript-eslint/typescript-estree/dist', 'ora', 'chalk/source'];

/** Wall (s), peak RSS (MB) and CPU (user + sys, s) of one process; throws unless it exits 0 or 1. */
export function timed(cmd, args, opts = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
  const [wall, rssKb, user, sys] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return { wall, rss: rssKb / 1024, cpu: user + sys };
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The JSON of a grade run without what differs between two runs of the same code on the same files. */
export function digest(file) {
  const j = JSON.parse(readFileSync(file, 'utf8'));
  const runId = j.run.id;
  delete j.run;
  const s = JSON.stringify(j).split(runId).join('RUN').replace(/"id":"[0-9a-f]{6,}"/g, '"id":"X"');
  return createHash('sha1').update(s).digest('hex').slice(0, 12);
}

/** Copies the JS/TS corpus (JS_PACKAGES from `root`'s node_modules, no maps or declaration files) to `to`. */
export function copyJsCorpus(root, to) {
  for (const pkg of JS_PACKAGES) {
    const from = join(root, 'node_modules', pkg);
    if (existsSync(from)) cpSync(from, join(to, pkg.replace(/\//g, '__')), { recursive: true, filter: (src) => !src.endsWith('.map') && !/\.d\.[cm]?ts$/.test(src) });
  }
}

/** The repository root (this file is bench/speed/common.mjs). */
export const ROOT = resolve(import.meta.dirname, '..', '..');

/** The value after `name` on the command line, or undefined. */
export function option(name) {
  const argv = process.argv.slice(2);
  return argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined;
}

/**
 * A Python floor as an inline ES module (`node --input-type=module -e <script> <dir>`): tree-sitter's
 * parse alone through node-tree-sitter (`what` = 'parse'), through toasty's addon with its table
 * (`'addon'`, native/python-flat: what the front-end now runs), or parse + model (`parsePythonFile` of
 * `root`'s dist/) over every .py file of the directory, in one process (no workers): the CPU seconds
 * are what they cost.
 */
export const pythonFloorScript = (what, root = ROOT) => `
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
const dir = process.argv[1];
const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.py') && !f.includes('__pycache__'));
${
  what === 'parse'
    ? `const { default: Parser } = await import('tree-sitter');
const { default: Python } = await import('tree-sitter-python');
const parser = new Parser();
parser.setLanguage(Python);
for (const f of files) { const t = readFileSync(join(dir, f), 'utf8'); try { parser.parse(t); } catch { parser.parse((i) => t.slice(i, i + 16384)); } }`
    : what === 'addon'
    ? `const { flatParser, flatParserUnavailable } = await import(${JSON.stringify(join(root, 'dist', 'languages', 'python', 'flat-parse.js'))});
const flat = flatParser();
if (!flat) throw new Error(flatParserUnavailable());
for (const f of files) flat.parse(readFileSync(join(dir, f), 'utf8'));`
    : `const { parsePythonFile } = await import(${JSON.stringify(join(root, 'dist', 'languages', 'python', 'index.js'))});
for (const f of files) parsePythonFile(f, readFileSync(join(dir, f), 'utf8'));`
}
`;
