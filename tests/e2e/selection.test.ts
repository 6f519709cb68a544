import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, RunResult } from '../../src/model/results.js';
import type { Statistics } from '../../src/report/statistics.js';
import { schemaValidator } from '../../src/util/schema.js';
import { BIN, toasty, type CliResult } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

const SOURCE = `"""Module."""


def check(value):
    """Check."""
    if value == None:
        return abs(1234567)
    try:
        return int(value)
    except:
        return None


def wide(a1, a2, a3, a4, a5, a6, a7):
    """Wide."""
    return a1 + a2 + a3 + a4 + a5 + a6 + a7


def camelCase():
    """Mixed case, reported only when function-name-case is on (it is off by default)."""
    return 0
`;

const PLUGIN = resolve('tests/fixtures/plugins/throwing-plugin.mjs');
const validate = schemaValidator('report.schema.json');

let t: { dir: string; remove: () => void };
beforeAll(() => {
  t = tempTree({
    'pkg/m.py': SOURCE,
    'pkg/boom.py': '"""boom"""\n\n\ndef go():\n    """Go."""\n    return 1\n',
    'plugged/.toastyrc.json': JSON.stringify({ plugins: [PLUGIN] }),
    'plugged/boom.py': '"""boom"""\n\n\ndef go():\n    """Go."""\n    return 1\n',
    'configured/.toastyrc.json': JSON.stringify({
      // unusual-token (neural, off by default) is on here, with a model folder that does not exist.
      rules: { 'too-many-params': 'off', 'none-comparison': 'error', 'unusual-token': 'warning' },
      overrides: [{ files: ['src/legacy/**'], rules: { 'bare-except': 'off' } }],
      neural: { model: 'no-such-model' },
      maxFileSize: 2000,
    }),
    'configured/m.py': SOURCE,
    // magic-number is off by default: this project turns it on.
    'suppressed/.toastyrc.json': JSON.stringify({ rules: { 'magic-number': 'info' } }),
    'suppressed/s.py':
      '"""S."""\n\n\ndef f(g):\n    """F."""\n    return g(1234567)  # toasty: ignore[magic-number]\n\n\nY = 2  # toasty: ignore[magic-number]\n',
  });
});
afterAll(() => t.remove());

function json(args: string[], cwd = t.dir): RunResult {
  const r = toasty(['grade', ...args, '--format', 'json', '--no-learning'], cwd);
  expect(r.stderr).not.toContain('internal error');
  const result = JSON.parse(r.stdout) as RunResult;
  expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
  return result;
}
const findings = (r: RunResult): Finding[] => r.files.flatMap((f) => f.findings);
const ruleIds = (r: RunResult): string[] => [...new Set(findings(r).map((f) => f.ruleId))].sort();

/** The built CLI with `input` on stdin, as an editor or a hook would run it. */
function withStdin(args: string[], cwd: string, input: string | Buffer): CliResult {
  const home = mkdtempSync(join(tmpdir(), 'toasty-home-'));
  try {
    const r = spawnSync(process.execPath, [BIN, ...args], {
      cwd,
      input,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', CI: 'true', TOASTY_HOME: home },
      timeout: 120_000,
    });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

describe('grade --select / --extend-select / --ignore', () => {
  it('--select replaces the set, --ignore removes, and the JSON records the effective selection', () => {
    const all = json(['pkg/m.py', '--no-neural']);
    expect(ruleIds(all)).toEqual(expect.arrayContaining(['bare-except', 'none-comparison', 'too-many-params']));
    // magic-number is off by default (bench/precision): only its id turns it on below.
    expect(ruleIds(all)).not.toContain('magic-number');
    expect(all.selection).toMatchObject({ select: null, extendSelect: [], ignore: [], severityMin: null });

    const r = json([
      'pkg/m.py',
      '--no-neural',
      '--select',
      'complexity,reliability',
      '--select',
      'magic-number',
      '--ignore',
      'bare-except',
    ]);
    expect(ruleIds(r)).toEqual(['magic-number', 'none-comparison', 'too-many-params']);
    expect(r.selection?.select).toEqual(['complexity', 'reliability', 'magic-number']);
    expect(r.selection?.ignore).toEqual(['bare-except']);
    expect(r.selection?.rules).toContain('cyclomatic-complexity');
    expect(r.selection?.rules).toContain('magic-number');
    expect(r.selection?.rules).not.toContain('bare-except');
    expect(r.selection?.rules).not.toContain('long-line');
    // The cache holds each selection's results apart: the full run afterwards is the full run again.
    expect(findings(json(['pkg/m.py', '--no-neural'])).map((f) => f.fingerprint)).toEqual(findings(all).map((f) => f.fingerprint));
  });

  it('the more specific selector wins, and a default-off rule is turned on only by its id', () => {
    const idBeatsDimension = json(['pkg/m.py', '--no-neural', '--ignore', 'reliability', '--extend-select', 'bare-except']);
    expect(ruleIds(idBeatsDimension)).toContain('bare-except');
    expect(ruleIds(idBeatsDimension)).not.toContain('none-comparison');
    const dimensionBeatsSource = json(['pkg/m.py', '--no-neural', '--select', 'source:builtin', '--ignore', 'readability']);
    expect(findings(dimensionBeatsSource).every((f) => f.dimension !== 'readability')).toBe(true);

    expect(ruleIds(json(['pkg/m.py', '--no-neural', '--select', 'readability']))).not.toContain('function-name-case');
    const named = json(['pkg/m.py', '--no-neural', '--extend-select', 'function-name-case']);
    expect(
      findings(named)
        .filter((f) => f.ruleId === 'function-name-case')
        .map((f) => f.line),
    ).toEqual([19]);
    expect(ruleIds(named)).toContain('bare-except');
  });

  it('config `rules:` and overrides come first: off stays off for a dimension, an id turns it on at the config severity', () => {
    const cwd = join(t.dir, 'configured');
    const sel = json(['m.py', '--select', 'complexity,reliability'], cwd);
    expect(ruleIds(sel)).not.toContain('too-many-params');
    expect(findings(sel).find((f) => f.ruleId === 'none-comparison')?.severity).toBe('error');
    const byId = json(['m.py', '--select', 'too-many-params,none-comparison'], cwd);
    expect(ruleIds(byId)).toEqual(['none-comparison', 'too-many-params']);
    expect(findings(byId).find((f) => f.ruleId === 'too-many-params')?.severity).toBe('warning');
  });

  it('selected-away rules do not run at all: a plugin rule that throws, and the neural model', () => {
    const cwd = join(t.dir, 'plugged');
    expect(ruleIds(json(['boom.py', '--no-neural'], cwd))).toContain('internal-rule-error');
    expect(ruleIds(json(['boom.py', '--no-neural', '--ignore', 'flaky/explodes-on-boom'], cwd))).not.toContain('internal-rule-error');
    expect(ruleIds(json(['boom.py', '--no-neural', '--ignore', 'source:plugin'], cwd))).not.toContain('internal-rule-error');
    expect(ruleIds(json(['boom.py', '--no-neural', '--select', 'complexity'], cwd))).not.toContain('internal-rule-error');

    // A missing model is a warning when the model runs; with its rules selected away it is never loaded.
    const configured = join(t.dir, 'configured');
    expect(json(['m.py'], configured).warnings?.join('\n')).toMatch(/neural model is unavailable/);
    for (const flags of [
      ['--ignore', 'source:neural'],
      ['--select', 'complexity'],
      ['--ignore', 'unusual-token'],
      ['--severity-min', 'error'],
    ]) {
      const r = json(['m.py', ...flags], configured);
      expect(r.warnings ?? []).toEqual([]);
      expect(r.selection?.rules).not.toContain('unusual-token');
    }
    // No neural rule is on by default; unusual-token is on by this project's config.
    expect(json(['m.py', '--select', 'source:neural'], configured).selection?.rules).toEqual(['unusual-token']);
    const none = json(['m.py', '--select', 'source:neural', '--no-neural'], configured);
    expect(none.selection?.rules).toEqual([]);
    expect(none.warnings).toEqual([
      'the rule selection (--select, --ignore, --severity-min, --dimensions, --no-neural) leaves no rule to run',
    ]);
  });

  it('a suppression naming a selected-away rule is not reported unused; one naming a rule that ran still is', () => {
    const cwd = join(t.dir, 'suppressed');
    const plain = json(['s.py', '--no-neural'], cwd);
    expect(
      findings(plain)
        .filter((f) => f.ruleId === 'unused-suppression')
        .map((f) => f.line),
    ).toEqual([9]);
    expect(ruleIds(json(['s.py', '--no-neural', '--ignore', 'magic-number'], cwd))).not.toContain('unused-suppression');
  });

  it('--severity-min drops the rules below it; scores stay deterministic', () => {
    const a = json(['pkg/m.py', '--no-neural', '--severity-min', 'warning']);
    expect(findings(a).length).toBeGreaterThan(0);
    expect(findings(a).every((f) => f.severity !== 'info')).toBe(true);
    expect(ruleIds(a)).not.toContain('magic-number');
    expect(a.selection?.severityMin).toBe('warning');
    const b = json(['pkg/m.py', '--no-neural', '--severity-min', 'warning', '--no-cache']);
    expect(b.score).toBe(a.score);
    expect(findings(b).map((f) => [f.fingerprint, f.cost])).toEqual(findings(a).map((f) => [f.fingerprint, f.cost]));
  });

  it('bad selectors are exit 2 naming the flag, with the nearest rule id', () => {
    const typo = toasty(['grade', 'pkg', '--select', 'cyclomatic-complexty'], t.dir);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain(
      "--select: unknown rule, dimension or source 'cyclomatic-complexty'; did you mean 'cyclomatic-complexity'?",
    );
    const source = toasty(['grade', 'pkg', '--ignore', 'source:ml'], t.dir);
    expect(source.code).toBe(2);
    expect(source.stderr).toContain("--ignore: unknown source 'source:ml'");
    const severity = toasty(['grade', 'pkg', '--severity-min', 'high'], t.dir);
    expect(severity.code).toBe(2);
    expect(severity.stderr).toContain("'high' is invalid");
  });
});

describe('grade --statistics', () => {
  it('counts per rule and fixable counts, as text and as JSON, totalling the report', () => {
    const report = json(['pkg/m.py', '--no-neural']);
    const text = toasty(['grade', 'pkg/m.py', '--no-neural', '--statistics'], t.dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^1 {2}none-comparison +\[\*\] reliability$/m);
    // bare-except has an (unsafe) fix; too-many-params has none.
    expect(text.stdout).toMatch(/^1 {2}bare-except +\[\*\] reliability$/m);
    expect(text.stdout).toMatch(/^1 {2}too-many-params +complexity$/m);
    expect(text.stdout).not.toContain('score');
    const r = toasty(['grade', 'pkg/m.py', '--no-neural', '--statistics', '--format', 'json'], t.dir);
    const stats = JSON.parse(r.stdout) as Statistics;
    expect(stats.total.findings).toBe(report.summary.findings);
    expect(stats.statistics.find((s) => s.ruleId === 'none-comparison')).toEqual({
      ruleId: 'none-comparison',
      dimension: 'reliability',
      source: 'builtin',
      count: 1,
      fixable: 1,
    });
    expect(stats.total.fixable).toBe(findings(report).filter((f) => f.fix && !f.suppressed).length);
    expect(stats.selection?.rules.length).toBeGreaterThan(50);
    const counts = stats.statistics.map((s) => s.count);
    expect(counts).toEqual([...counts].sort((x, y) => y - x));
  });

  it('the gate still decides the exit code and says why', () => {
    const r = toasty(['grade', 'pkg/m.py', '--no-neural', '--statistics', '--fail-on', 'warning'], t.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('toasty: failed:');
  });
});

describe('grade - --stdin-filename', () => {
  it('grades stdin as the named file: its language, its config overrides, its path in the report', () => {
    const cwd = join(t.dir, 'configured');
    const r = withStdin(['grade', '-', '--stdin-filename', 'src/legacy/x.py', '--format', 'json', '--no-neural'], cwd, SOURCE);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as RunResult;
    expect(validate(result)).toBe(true);
    expect(result.files.map((f) => [f.path, f.language, f.status])).toEqual([['src/legacy/x.py', 'python', 'graded']]);
    // overrides for src/legacy/** turn bare-except off there; the top-level rules still apply.
    expect(ruleIds(result)).not.toContain('bare-except');
    expect(findings(result).find((f) => f.ruleId === 'none-comparison')?.severity).toBe('error');
    const elsewhere = withStdin(['grade', '-', '--stdin-filename', 'src/x.py', '--format', 'json', '--no-neural'], cwd, SOURCE);
    expect(ruleIds(JSON.parse(elsewhere.stdout) as RunResult)).toContain('bare-except');

    const ts = withStdin(
      ['grade', '-', '--stdin-filename', 'web/app.ts', '--format', 'json', '--no-neural'],
      t.dir,
      'export const x: any = 1;\n',
    );
    expect((JSON.parse(ts.stdout) as RunResult).files[0]).toMatchObject({ path: 'web/app.ts', language: 'typescript', status: 'graded' });
  });

  it('stdin larger than maxFileSize is skipped with the reason discovery gives', () => {
    const cwd = join(t.dir, 'configured');
    const big = `${'x = 1\n'.repeat(1000)}`;
    const r = withStdin(['grade', '-', '--stdin-filename', 'big.py', '--format', 'json', '--no-neural'], cwd, big);
    const file = (JSON.parse(r.stdout) as RunResult).files[0]!;
    expect(file.status).toBe('skipped');
    expect(file.skipReason).toBe('too large: 5.9 KB > 2.0 KB (maxFileSize)');
  });

  it('`-` without --stdin-filename, or mixed with paths, is exit 2 saying what is expected', () => {
    const bare = withStdin(['grade', '-'], t.dir, 'x = 1\n');
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('`-` reads the source from stdin and needs --stdin-filename PATH');
    const mixed = withStdin(['grade', '-', 'pkg', '--stdin-filename', 'a.py'], t.dir, 'x = 1\n');
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('give `-` as the only path');
  });
});
