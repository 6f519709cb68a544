import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/results.js';
import { schemaValidator } from '../../src/util/schema.js';
import { toasty } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

const COMPLEX_PY = `
def route(kind, payload, strict=False):
    if kind == "a" and payload:
        return 1
    elif kind == "b" or strict:
        return 2
    for item in payload:
        if item > 3:
            while item:
                item -= 1
        elif item < 0:
            try:
                return int(item)
            except ValueError:
                return None
    return [x for x in payload if x] or None
`;

const COMPLEX_TS = `
export function route(kind: string, payload: number[], strict = false): number | null {
  if (kind === 'a' && payload.length) return 1;
  else if (kind === 'b' || strict) return 2;
  for (const item of payload) {
    if (item > 3) {
      let n = item;
      while (n) n -= 1;
    } else if (item < 0) {
      try {
        return Number(item);
      } catch {
        return null;
      }
    }
  }
  return payload.find((x) => x > 0) ?? null;
}
`;

let project: { dir: string; remove: () => void };

function validate(json: unknown): void {
  const validate = schemaValidator('report.schema.json');
  const ok = validate(json);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

beforeAll(() => {
  const files: Record<string, string> = {
    'src/route.py': COMPLEX_PY,
    'src/route.ts': COMPLEX_TS,
    'src/clean.py': 'def add(a, b):\n    """Add two numbers."""\n    return a + b\n',
    'src/broken.py': 'def broken(:\n    pass\n',
    'node_modules/dep/index.js': 'module.exports = 1;\n',
  };
  // Enough files and bytes for --jobs to really use worker threads (24 files and 64 KB of source a thread).
  const notes = (mark: string) =>
    Array.from({ length: 40 }, (_, k) => `${mark} note ${k}: this line pads the module to a realistic size.\n`).join('');
  for (let i = 0; i < 60; i++)
    files[`src/gen/m${String(i).padStart(2, '0')}.${i % 2 ? 'py' : 'ts'}`] = i % 2 ? COMPLEX_PY + notes('#') : COMPLEX_TS + notes('//');
  project = tempTree(files);
});
afterAll(() => project.remove());

describe('toasty grade (built CLI)', () => {
  it('prints JSON that validates against the shipped schema, with metrics for every function', () => {
    const r = toasty(['grade', 'src', '--format', 'json', '--jobs', '1'], project.dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as RunResult;
    validate(json);
    expect(json.summary.files).toBe(64);
    expect(json.summary.parseErrors).toBe(1);
    const py = json.files.find((f) => f.path === 'src/route.py')!;
    expect(py.status).toBe('graded');
    expect(py.functions[0]).toMatchObject({ name: 'route', line: 2, endLine: 16 });
    // radon: 1 + if + and + elif + or + for + if + while + elif + except(1) + comprehension(1 + if) + BoolOp(or) = 13
    expect(py.functions[0]!.metrics.cyclomatic).toBe(13);
    const ts = json.files.find((f) => f.path === 'src/route.ts')!;
    const route = ts.functions.find((f) => f.name === 'route')!;
    // ESLint: 1 + default param + if + && + else-if + || + for-of + if + while + else-if + catch + ?? = 12
    expect(route.metrics.cyclomatic).toBe(12);
    expect(py.findings.map((f) => f.ruleId)).toContain('cyclomatic-complexity');
    const cc = py.findings.find((f) => f.ruleId === 'cyclomatic-complexity')!;
    expect(cc.metric).toEqual({ name: 'cyclomatic', value: 13, threshold: 10 });
    expect(cc.suggestion).toMatch(/Extract .* line \d+/);
    expect(cc.line).toBe(2);
    expect(json.files.find((f) => f.path === 'src/broken.py')!.findings[0]).toMatchObject({ ruleId: 'parse-error', line: 1 });
    expect(json.files.some((f) => f.path.includes('node_modules'))).toBe(false);
  });

  it('gives identical scores and findings whatever --jobs', () => {
    const strip = (out: string) => {
      const j = JSON.parse(out) as RunResult;
      return {
        score: j.score,
        dims: j.dimensions,
        files: j.files.map((f) => [f.path, f.score, f.findings.map((x) => [x.ruleId, x.line, x.cost, x.fingerprint])]),
      };
    };
    const one = toasty(['grade', 'src', '--format', 'json', '--jobs', '1', '--no-cache'], project.dir);
    const two = toasty(['grade', 'src', '--format', 'json', '--jobs', '2', '--no-cache'], project.dir);
    expect(two.code).toBe(0);
    expect(strip(two.stdout)).toEqual(strip(one.stdout));
  });

  it('--min-score above the score exits 1 and says which score, which threshold and which files', () => {
    const r = toasty(['grade', 'src', '--min-score', '101'], project.dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/project score [\d.]+ is below --min-score 101/);
    expect(r.stdout).toMatch(/lowest files: src\//);
    expect(r.stdout).toMatch(/costliest findings: .*cyclomatic-complexity/);
  });

  it('--fail-on warning fails on the first warning, and passes with --fail-on error', () => {
    expect(toasty(['grade', 'src/route.py', '--fail-on', 'warning'], project.dir).code).toBe(1);
    expect(toasty(['grade', 'src/route.py', 'src/clean.py', '--fail-on', 'error'], project.dir).code).toBe(0);
  });

  it('writes several formats in one run', () => {
    const r = toasty(['grade', 'src/route.py', '--format', 'json', '--output', 'out.json', '--format', 'pretty'], project.dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('src/route.py');
    validate(JSON.parse(readFileSync(join(project.dir, 'out.json'), 'utf8')));
  });

  it('pretty output shows findings, a code frame and the suggestion', () => {
    const r = toasty(['grade', 'src/route.py'], project.dir);
    expect(r.stdout).toContain('cyclomatic-complexity');
    expect(r.stdout).toMatch(/> +2 \| def route/);
    expect(r.stdout).toContain('→ Extract');
    // eslint-disable-next-line no-control-regex
    expect(r.stdout).not.toMatch(/\u001b\[/); // NO_COLOR
    expect(r.stdout).not.toContain('┌'); // no box drawing off a TTY
  });

  it('a dimension whose rules are all off scores 100 and the report says no rules ran for it', () => {
    const ids = (JSON.parse(toasty(['rules', 'list', '--format', 'json'], project.dir).stdout) as { id: string; dimension: string }[])
      .filter((r) => r.dimension === 'security')
      .map((r) => r.id);
    expect(ids.length).toBeGreaterThanOrEqual(8);
    const t = tempTree({
      '.toastyrc.json': JSON.stringify({ rules: Object.fromEntries(ids.map((id) => [id, 'off'])) }),
      'a.py': 'import subprocess\n\n\ndef run(cmd):\n    return subprocess.call(f"ls {cmd}", shell=True)\n',
    });
    try {
      const pretty = toasty(['grade'], t.dir);
      expect(pretty.stdout).toMatch(/no rules ran for: security \(they score 100\)/);
      const json = JSON.parse(toasty(['grade', '--format', 'json'], t.dir).stdout) as RunResult;
      expect(json.dimensionsWithoutRules).toEqual(['security']);
      expect(json.dimensions.security).toBe(100);
    } finally {
      t.remove();
    }
  });

  it('a bad config exits 2 naming the file and the key', () => {
    const t = tempTree({ '.toastyrc.json': JSON.stringify({ weights: { speedy: 2 } }), 'a.py': 'x = 1\n' });
    try {
      const r = toasty(['grade'], t.dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('.toastyrc.json');
      expect(r.stderr).toContain('unknown key `weights.speedy`');
    } finally {
      t.remove();
    }
  });

  it('usage errors exit 2', () => {
    expect(toasty(['grade', '--min-score', 'lots'], project.dir).code).toBe(2);
    expect(toasty(['grade', '--format', 'xml'], project.dir).code).toBe(2);
    expect(toasty(['grade', 'missing/'], project.dir).stderr).toContain('path not found: missing/');
    expect(toasty(['frobnicate'], project.dir).code).toBe(2);
  });
});

describe('unusual input (built CLI)', () => {
  it("JS nested deeper than the main thread's stack is graded on a grading thread's stack, whatever --jobs", () => {
    const deep = 'export function f(x) {\n' + 'if (x) {\n'.repeat(1500) + 'x++;\n' + '}\n'.repeat(1500) + '}\n';
    const tree = tempTree({ 'deep.js': deep, 'ok.py': 'x = 1\n' });
    const runs = ['1', '2'].map((jobs) => {
      const r = toasty(['grade', '.', '--format', 'json', '--no-neural', '--no-cache', '--jobs', jobs], tree.dir);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as RunResult;
    });
    for (const run of runs) {
      const file = run.files.find((f) => f.path === 'deep.js')!;
      expect(file.status).toBe('graded');
      expect(file.functions[0]!.metrics.maxNesting).toBe(1500);
    }
    expect(runs[0]!.files.map((f) => f.score)).toEqual(runs[1]!.files.map((f) => f.score));
    tree.remove();
  });

  it('reports UTF-16 sources with the reason, and does not take deep indentation for minified code', () => {
    const utf16 = Buffer.from('\ufeffx = 1\n', 'utf16le');
    // 80 levels of 8-space indentation: 350 characters a line on average, 40 without the indent.
    const nested =
      'def f(x):\n' +
      Array.from({ length: 80 }, (_, i) => ' '.repeat(8 * (i + 1)) + `if x > ${i}:  # a comment to make it long\n`).join('') +
      ' '.repeat(648) +
      'return x\n';
    const tree = tempTree({ 'wide.py': utf16, 'nested.py': nested });
    const r = toasty(['grade', '.', '--format', 'json', '--no-neural', '--no-cache'], tree.dir);
    const run = JSON.parse(r.stdout) as RunResult;
    const byPath = new Map(run.files.map((f) => [f.path, f]));
    expect(byPath.get('wide.py')!.skipReason).toMatch(/^UTF-16 encoded file/);
    expect(byPath.get('nested.py')!.status).toBe('graded');
    tree.remove();
  });
});

describe('other commands', () => {
  it('--version prints the package version', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    expect(toasty(['--version'], project.dir).stdout.trim()).toBe(pkg.version);
  });

  it('explain adds up the points lost', () => {
    const r = toasty(['explain', 'src/route.py'], project.dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/complexity +\d+\.\d += 100 − [\d.]+/);
    expect(r.stdout).toMatch(/−\s*[\d.]+ +cyclomatic-complexity \(warning\) line 2 \[cyclomatic 13 vs 10\]/);
    expect(r.stdout).toContain('formula:');
  });

  it('init writes a starter config that loads, and refuses to overwrite', () => {
    const t = tempTree({ 'a.py': 'x = 1\n' });
    try {
      expect(toasty(['init'], t.dir).code).toBe(0);
      expect(toasty(['grade', '--format', 'json'], t.dir).code).toBe(0);
      expect(toasty(['init'], t.dir).code).toBe(2);
    } finally {
      t.remove();
    }
  });

  it('rules list shows the catalogue', () => {
    const r = toasty(['rules', 'list', '--format', 'json'], project.dir);
    const ids = (JSON.parse(r.stdout) as { id: string }[]).map((x) => x.id);
    expect(ids).toContain('cyclomatic-complexity');
    expect(ids).toContain('cognitive-complexity');
  });
});
