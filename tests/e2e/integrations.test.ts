import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { languageFromPath } from '../../src/discovery/language.js';
import { BIN, toasty } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

interface Hook {
  id: string;
  entry: string;
  language: string;
  types_or: string[];
  pass_filenames?: boolean;
  args?: string[];
}
interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: Step[] };
}

/** identify's tags (identify/extensions.py) for the extensions in the fixture, as pre-commit reads them. */
const IDENTIFY: Record<string, string[]> = {
  '.py': ['text', 'python'],
  '.pyi': ['text', 'pyi'],
  '.js': ['text', 'javascript'],
  '.mjs': ['text', 'javascript'],
  '.jsx': ['text', 'jsx'],
  '.ts': ['text', 'ts'],
  '.tsx': ['text', 'tsx'],
  '.md': ['text', 'markdown'],
  '.json': ['text', 'json'],
};
const extOf = (path: string) => /\.[^./]+$/.exec(path)?.[0] ?? '';

const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

let t: { dir: string; remove: () => void };
let shimDir: string;
beforeAll(() => {
  t = tempTree({
    'app/ok.py': '"""Fine."""\n\n\ndef add(left, right):\n    """Add."""\n    return left + right\n',
    'app/bad.py': '"""Bad."""\n\n\ndef check(value):\n    """Check."""\n    return value == None\n',
    'app/types.pyi': 'def add(left: int, right: int) -> int: ...\n',
    'web/util.mjs': 'export const twice = (n) => n * 2;\n',
    'web/view.tsx': 'export function View(): JSX.Element {\n  return <div />;\n}\n',
    'web/My File.ts': 'export const label: string = "x";\n',
    'docs/notes.md': '# Notes\n',
    'package.json': '{ "name": "fixture" }\n',
    'unchanged.py': '"""Committed before."""\n',
  });
  // `toasty` on PATH, as `npm install --global` (the action) or pre-commit's node env provide it.
  shimDir = join(t.dir, '.bin');
  mkdirSync(shimDir);
  writeFileSync(join(shimDir, 'toasty'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(shimDir, 'toasty'), 0o755);
});
afterAll(() => t.remove());

describe('.pre-commit-hooks.yaml', () => {
  const hook = hooks.find((h) => h.id === 'toasty')!;

  it('declares a node hook on the file types toasty grades, passing file names', () => {
    expect(hook).toMatchObject({ id: 'toasty', entry: 'toasty grade', language: 'node', pass_filenames: true });
    // Every extension identify tags with one of types_or is one toasty grades, and back.
    const tagged = Object.keys(IDENTIFY).filter((ext) => IDENTIFY[ext]!.some((tag) => hook.types_or.includes(tag)));
    expect(tagged.filter((ext) => languageFromPath(`x${ext}`) === null)).toEqual([]);
    expect(Object.keys(IDENTIFY).filter((ext) => languageFromPath(`x${ext}`) !== null && !tagged.includes(ext))).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(Object.keys(pkg.bin)).toContain(hook.entry.split(' ')[0]);
  });

  it('runs its entry on the staged files exactly as pre-commit passes them (relative paths, only types_or, spaces kept)', () => {
    git(t.dir, 'init', '-q');
    git(t.dir, 'add', 'unchanged.py', 'package.json');
    git(t.dir, 'commit', '-qm', 'base');
    git(t.dir, 'add', '-A', '--', ':!.bin');
    const staged = git(t.dir, 'diff', '--cached', '--name-only', '-z').split('\0').filter(Boolean);
    const passed = staged.filter((f) => (IDENTIFY[extOf(f)] ?? []).some((tag) => hook.types_or.includes(tag))).sort();
    expect(passed).toEqual(['app/bad.py', 'app/ok.py', 'app/types.pyi', 'web/My File.ts', 'web/util.mjs', 'web/view.tsx']);

    const run = (args: string[]) => {
      const [cmd, ...entryArgs] = hook.entry.split(' ');
      return spawnSync(cmd!, [...entryArgs, ...(hook.args ?? []), ...args, ...passed], {
        cwd: t.dir,
        encoding: 'utf8',
        env: { ...process.env, PATH: `${shimDir}:${process.env.PATH}`, NO_COLOR: '1', CI: 'true', TOASTY_HOME: join(t.dir, '.home') },
        timeout: 120_000,
      });
    };
    const r = run(['--no-neural']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const file of passed) expect(r.stdout).toContain(file);
    expect(r.stdout).not.toContain('unchanged.py');
    expect(r.stdout).toMatch(/6 files: 6 graded/);
    // A user's `args: [--fail-on, warning]` makes the hook fail on the new `== None`.
    const gated = run(['--no-neural', '--fail-on', 'warning']);
    expect(gated.status).toBe(1);
    expect(gated.stdout + gated.stderr).toContain('app/bad.py');
  });
});

describe('action.yml', () => {
  const steps = action.runs.steps;
  const gradeStep = steps.find((s) => s.run?.includes('toasty grade'))!;

  it('is a composite action: install, grade, upload the SARIF with codeql-action, gate', () => {
    expect(action.runs.using).toBe('composite');
    for (const s of steps) if (s.run) expect(s.shell, `step ${s.name}`).toBe('bash');
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload.with?.sarif_file).toBe('${{ inputs.sarif-file }}');
    expect(gradeStep.env?.TOASTY_SARIF).toBe('${{ inputs.sarif-file }}');
    expect(steps.indexOf(upload)).toBeGreaterThan(steps.indexOf(gradeStep));
    const gate = steps[steps.length - 1]!;
    expect(gate.env?.TOASTY_EXIT).toBe('${{ steps.grade.outputs.exit-code }}');
    // Every `inputs.X` used exists.
    const used = [...JSON.stringify(steps).matchAll(/inputs\.([a-z-]+)/g)].map((m) => m[1]!);
    expect(used.filter((name) => !(name in action.inputs))).toEqual([]);
    expect(action.inputs['min-score']).toBeDefined();
  });

  it('its grade step uses only flags that `toasty grade --help` lists and the README documents', () => {
    const help = toasty(['grade', '--help'], t.dir).stdout;
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const flags = [...new Set([...gradeStep.run!.matchAll(/(?<![\w-])--[a-z][a-z-]*/g)].map((m) => m[0]))];
    expect(flags.length).toBeGreaterThan(3);
    for (const flag of flags) {
      expect(help, `${flag} in grade --help`).toMatch(new RegExp(`${flag}\\b`));
      expect(readme, `${flag} in README.md`).toContain(flag);
    }
  });

  it('its grade step, run as the runner would, writes the SARIF file and reports the exit code for the gate', () => {
    const run = (inputs: Record<string, string>) => {
      const out = join(t.dir, `.github-output-${Object.keys(inputs).length}`);
      writeFileSync(out, '');
      const env: Record<string, string> = {};
      for (const [key, value] of Object.entries(gradeStep.env ?? {})) {
        const input = /^\$\{\{ inputs\.([a-z-]+) \}\}$/.exec(value)![1]!;
        env[key] = inputs[input] ?? action.inputs[input]?.default ?? '';
      }
      const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', gradeStep.run!], {
        cwd: t.dir,
        encoding: 'utf8',
        env: { ...process.env, ...env, GITHUB_OUTPUT: out, PATH: `${shimDir}:${process.env.PATH}`, TOASTY_HOME: join(t.dir, '.home') },
        timeout: 120_000,
      });
      return { status: r.status, stdout: r.stdout, output: readFileSync(out, 'utf8') };
    };
    const passing = run({ paths: 'app web', args: '--no-neural' });
    expect(passing.status).toBe(0);
    expect(passing.output).toBe('exit-code=0\n');
    expect(existsSync(join(t.dir, 'toasty.sarif'))).toBe(true);
    expect((JSON.parse(readFileSync(join(t.dir, 'toasty.sarif'), 'utf8')) as { version: string }).version).toBe('2.1.0');
    expect(passing.stdout).toContain('app/bad.py');

    // The gate failing does not fail this step (the SARIF still gets uploaded); the gate step fails the job.
    const failing = run({ paths: 'app', 'min-score': '101', args: '--no-neural --select reliability', 'sarif-file': 'other.sarif' });
    expect(failing.status).toBe(0);
    expect(failing.output).toBe('exit-code=1\n');
  });
});
