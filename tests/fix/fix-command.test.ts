/**
 * `toasty fix` end to end: the built CLI as a child process on real files in temp folders.
 * Rebuild (`npm run build`) before running.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toasty } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

const PY = `import yaml


def load(x, d):
    if x == None:
        return 1
    if x is 1:
        return 2
    if 3 == x:
        return x in d.keys()
    return yaml.load(x)
`;
const PY_SAFE = PY.replace('x is 1', 'x == 1').replace('3 == x', 'x == 3');
const PY_ALL = PY_SAFE.replace('x == None', 'x is None').replace('d.keys()', 'd').replace('yaml.load(x)', 'yaml.safe_load(x)');

let trees: { remove: () => void }[] = [];
afterEach(() => {
  for (const t of trees) t.remove();
  trees = [];
});
function project(files: Record<string, string | Buffer>): string {
  const t = tempTree(files);
  trees.push(t);
  return t.dir;
}
const read = (dir: string, rel: string) => readFileSync(join(dir, rel), 'utf8');
function pyCompiles(file: string): void {
  const r = spawnSync('python3', ['-m', 'py_compile', file], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

describe('toasty fix', () => {
  it('applies only safe fixes by default, says what is left, and a second run changes nothing', () => {
    const dir = project({ 'app.py': PY });
    const r = toasty(['fix', '.'], dir);
    expect(r.code).toBe(0);
    expect(read(dir, 'app.py')).toBe(PY_SAFE);
    pyCompiles(join(dir, 'app.py'));
    expect(r.stdout).toContain('app.py: fixed 2 findings (is-literal-comparison ×1, yoda-condition ×1)');
    expect(r.stdout).toMatch(/Fixed 2 findings in 1 file; \d+ findings left, 3 fixable with `toasty fix --unsafe`\./);
    const again = toasty(['fix', '.', '--format', 'json'], dir);
    expect(JSON.parse(again.stdout).summary.applied).toBe(0);
    expect(read(dir, 'app.py')).toBe(PY_SAFE);
  });

  it('--unsafe adds the unsafe fixes; the file still compiles', () => {
    const dir = project({ 'app.py': PY });
    const r = toasty(['fix', '--unsafe'], dir);
    expect(r.code).toBe(0);
    expect(read(dir, 'app.py')).toBe(PY_ALL);
    pyCompiles(join(dir, 'app.py'));
  });

  it('--dry-run and --diff change nothing; --diff prints a unified diff that applies with patch', () => {
    const dir = project({ 'app.py': PY });
    const dry = toasty(['fix', '--dry-run'], dir);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('app.py: would fix 2 findings');
    expect(dry.stdout).toContain('nothing written: --dry-run');
    expect(read(dir, 'app.py')).toBe(PY);
    const diff = toasty(['fix', '--diff', '--unsafe'], dir);
    expect(diff.code).toBe(0);
    expect(read(dir, 'app.py')).toBe(PY);
    expect(diff.stdout).toMatch(/^--- a\/app\.py/m);
    expect(diff.stdout).toContain('-    if x == None:\n+    if x is None:');
    writeFileSync(join(dir, 'fix.patch'), diff.stdout);
    const patched = spawnSync('patch', ['-p1', '-i', 'fix.patch'], { cwd: dir, encoding: 'utf8' });
    expect(patched.status).toBe(0);
    expect(read(dir, 'app.py')).toBe(PY_ALL);
  });

  it('--format json lists every applied edit with its rule and applicability', () => {
    const dir = project({ 'app.py': PY });
    const r = toasty(['fix', '--format', 'json', '--unsafe'], dir);
    const doc = JSON.parse(r.stdout);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.summary).toMatchObject({ changed: 1, applied: 5 });
    expect(doc.byRule['none-comparison']).toBe(1);
    const none = doc.files[0].applied.find((a: { ruleId: string }) => a.ruleId === 'none-comparison');
    expect(none).toMatchObject({
      applicability: 'unsafe',
      line: 5,
      edits: [{ line: 5, column: 10, endLine: 5, endColumn: 12, text: 'is' }],
    });
  });

  it('--rules limits the fixes; unknown ids and rules without a fix are usage errors naming --rules', () => {
    const dir = project({ 'app.py': PY });
    const r = toasty(['fix', '--unsafe', '--rules', 'none-comparison'], dir);
    expect(r.code).toBe(0);
    expect(read(dir, 'app.py')).toBe(PY.replace('x == None', 'x is None'));
    const unknown = toasty(['fix', '--rules', 'none-comparisn'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--rules: unknown rule 'none-comparisn'; did you mean 'none-comparison'?");
    const noFix = toasty(['fix', '--rules', 'too-many-params'], dir);
    expect(noFix.code).toBe(2);
    expect(noFix.stderr).toContain("--rules: rule 'too-many-params' has no fix");
    const format = toasty(['fix', '--format', 'sarif'], dir);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("--format must be pretty or json, got 'sarif'");
  });

  it('--exit-non-zero-on-fix exits 1 only when something was fixed', () => {
    const dir = project({ 'app.py': PY });
    expect(toasty(['fix', '--exit-non-zero-on-fix'], dir).code).toBe(1);
    expect(toasty(['fix', '--exit-non-zero-on-fix'], dir).code).toBe(0);
  });

  it('keeps the BOM, CRLF line ends, the mode, and a declared Latin-1 encoding byte for byte', () => {
    const crlf = `\ufeff${PY.replace(/\n/g, '\r\n')}`;
    const latin = Buffer.from(`# -*- coding: latin-1 -*-\n# caf\u00e9\n${PY}`, 'latin1');
    const dir = project({ 'crlf.py': crlf, 'latin.py': latin, 'b.js': 'const a = f();\r\nif ("x" === a) g();\r\n' });
    chmodSync(join(dir, 'crlf.py'), 0o750);
    const r = toasty(['fix'], dir);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'crlf.py'), 'utf8')).toBe(`\ufeff${PY_SAFE.replace(/\n/g, '\r\n')}`);
    expect(statSync(join(dir, 'crlf.py')).mode & 0o777).toBe(0o750);
    expect(readFileSync(join(dir, 'latin.py')).equals(Buffer.from(`# -*- coding: latin-1 -*-\n# caf\u00e9\n${PY_SAFE}`, 'latin1'))).toBe(
      true,
    );
    expect(read(dir, 'b.js')).toBe('const a = f();\r\nif (a === "x") g();\r\n');
    pyCompiles(join(dir, 'latin.py'));
  });

  it('reports a read-only file and leaves it alone', () => {
    const dir = project({ 'app.py': PY });
    chmodSync(join(dir, 'app.py'), 0o444);
    const r = toasty(['fix'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('toasty: warning: app.py: the file is read-only; not forced');
    expect(read(dir, 'app.py')).toBe(PY);
    expect(r.stdout).toContain('1 file not written');
  });

  it('does not fix suppressed findings nor findings in the --baseline', () => {
    const suppressed = PY.replace('if x is 1:', 'if x is 1:  # toasty: ignore[is-literal-comparison]');
    const dir = project({ 'app.py': suppressed });
    expect(toasty(['grade', '--no-neural', '--write-baseline', 'base.json'], dir).code).toBeLessThan(2);
    writeFileSync(join(dir, 'app.py'), `${suppressed}\n\ndef other(y):\n    return 4 == y\n`);
    const r = toasty(['fix', '--baseline', 'base.json'], dir);
    expect(r.code).toBe(0);
    // Only the new yoda condition: the suppressed `is` and the baselined `3 == x` stay.
    expect(read(dir, 'app.py')).toBe(`${suppressed}\n\ndef other(y):\n    return y == 4\n`);
  });

  it('rules list --format json gives each rule its fix applicability; rules show says it', () => {
    const dir = project({});
    const rows = JSON.parse(toasty(['rules', 'list', '--format', 'json'], dir).stdout) as {
      id: string;
      fix: string | null;
      source: string;
    }[];
    const fix = Object.fromEntries(rows.map((r) => [r.id, r.fix]));
    expect(fix).toMatchObject({
      'yoda-condition': 'safe',
      'none-comparison': 'unsafe',
      'subprocess-run-without-check': 'safe',
      'too-many-params': null,
    });
    expect(rows.filter((r) => r.fix).length).toBeGreaterThanOrEqual(25);
    expect(toasty(['rules', 'show', 'none-comparison'], dir).stdout).toContain(
      'fix: unsafe (may change behaviour; applied by `toasty fix --unsafe`)',
    );
  });
});
