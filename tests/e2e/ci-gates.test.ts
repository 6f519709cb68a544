import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/results.js';
import { toasty } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

const SIX = (name: string, p: string) => `def ${name}(${[1, 2, 3, 4, 5, 6].map((i) => `${p}${i}`).join(', ')}):\n    return ${p}1\n`;

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

describe('baseline through the CLI', () => {
  it('--write-baseline then --baseline: only the new problem fails --fail-on, fixed ones are listed, --prune-baseline drops them', () => {
    // Only the complexity rules, so that the one problem we add is the only new finding.
    const t = tempTree({
      '.toastyrc.json': JSON.stringify({ dimensions: ['complexity'] }),
      'pkg/m.py': `${SIX('a', 'p')}\n\n${SIX('b', 'q')}`,
    });
    try {
      const write = toasty(['grade', 'pkg', '--write-baseline', 'toasty-baseline.json', '--quiet'], t.dir);
      expect(write.code).toBe(0);
      const baseline = JSON.parse(readFileSync(join(t.dir, 'toasty-baseline.json'), 'utf8')) as { findings: unknown[] };
      expect(baseline.findings).toHaveLength(2);

      // Unchanged: nothing new, the gate passes even with --fail-on info.
      expect(toasty(['grade', 'pkg', '--baseline', 'toasty-baseline.json', '--fail-on', 'info'], t.dir).code).toBe(0);

      // Shift lines, drop `b` (fixed), add `c` (new).
      writeFileSync(join(t.dir, 'pkg/m.py'), `"""Doc."""\n\nimport os\n\nX = os.sep\n\n\n${SIX('a', 'p')}\n\n${SIX('c', 'r')}`);
      const r = toasty(['grade', 'pkg', '--baseline', 'toasty-baseline.json', '--fail-on', 'warning', '--format', 'json'], t.dir);
      expect(r.code).toBe(1);
      const json = JSON.parse(r.stdout) as RunResult;
      const findings = json.files.flatMap((f) => f.findings).filter((f) => f.ruleId === 'too-many-params');
      expect(findings.map((f) => [f.line, f.baseline])).toEqual([
        [8, 'existing'],
        [12, 'new'],
      ]);
      expect(json.baselineFixed).toHaveLength(1);
      expect(json.failures.join('\n')).toContain('pkg/m.py:12 too-many-params');
      expect(json.failures.join('\n')).not.toContain('pkg/m.py:8 ');

      expect(toasty(['grade', 'pkg', '--baseline', 'toasty-baseline.json', '--prune-baseline', '--quiet'], t.dir).code).toBe(0);
      const pruned = JSON.parse(readFileSync(join(t.dir, 'toasty-baseline.json'), 'utf8')) as { findings: { line: number }[] };
      expect(pruned.findings).toHaveLength(1);
    } finally {
      t.remove();
    }
  });

  it('pretty output tags new findings and counts new, existing and fixed in the summary line', () => {
    const t = tempTree({
      '.toastyrc.json': JSON.stringify({ dimensions: ['complexity'] }),
      'm.py': `${SIX('a', 'p')}\n\n${SIX('b', 'q')}`,
    });
    try {
      expect(toasty(['grade', 'm.py', '--write-baseline', 'b.json', '--quiet'], t.dir).code).toBe(0);
      writeFileSync(join(t.dir, 'm.py'), `${SIX('a', 'p')}\n\n${SIX('c', 'r')}\n\n${SIX('d', 's')}`);
      const r = toasty(['grade', 'm.py', '--baseline', 'b.json'], t.dir);
      expect(r.code).toBe(0);
      const line = (name: string) => r.stdout.split('\n').find((l) => l.includes(`\`${name}\` takes 6 parameters`)) ?? '';
      expect(line('a')).toMatch(/^ {2}1:\d+ +warning (?!new)`a`/);
      expect(line('c')).toMatch(/^ {2}5:\d+ +warning new `c`/);
      expect(line('d')).toMatch(/ warning new `d`/);
      expect(r.stdout).toContain(
        '— 1 file: 1 graded, 0 skipped, 0 unparseable; 3 findings (2 new, 1 existing; 1 fixed since the baseline)',
      );
      // Without a baseline: no tags, and the counts in the singular where they are one.
      writeFileSync(join(t.dir, 'm.py'), SIX('a', 'p'));
      const plain = toasty(['grade', 'm.py'], t.dir);
      expect(plain.stdout).not.toMatch(/ new /);
      expect(plain.stdout).toContain('— 1 file: 1 graded, 0 skipped, 0 unparseable; 1 finding\n');
    } finally {
      t.remove();
    }
  });

  it('a malformed baseline is exit 2 naming the file', () => {
    const t = tempTree({ 'a.py': 'x = 1\n', 'b.json': '{"nope": true}' });
    try {
      const r = toasty(['grade', '--baseline', 'b.json'], t.dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('b.json is not a toasty baseline');
    } finally {
      t.remove();
    }
  });
});

describe('--changed', () => {
  it('grades only files changed since a ref (committed, uncommitted and untracked), and --changed-lines keeps findings on changed lines', () => {
    const t = tempTree({ 'old.py': SIX('old', 'o'), 'touched.py': `${SIX('keep', 'k')}\n\n${SIX('edit', 'e')}` });
    try {
      git(t.dir, 'init', '-q');
      git(t.dir, 'add', '.');
      git(t.dir, 'commit', '-qm', 'base');
      const base = git(t.dir, 'rev-parse', 'HEAD').trim();
      writeFileSync(join(t.dir, 'touched.py'), `${SIX('keep', 'k')}\n\n${SIX('edited', 'e')}`);
      writeFileSync(join(t.dir, 'new.py'), SIX('fresh', 'f'));
      const r = toasty(['grade', '--changed', base, '--format', 'json'], t.dir);
      expect(r.stderr).toBe('');
      const json = JSON.parse(r.stdout) as RunResult;
      expect(json.files.map((f) => f.path)).toEqual(['new.py', 'touched.py']);

      const lines = JSON.parse(toasty(['grade', '--changed', base, '--changed-lines', '--format', 'json'], t.dir).stdout) as RunResult;
      const touched = lines.files.find((f) => f.path === 'touched.py')!;
      expect(touched.findings.filter((f) => f.ruleId === 'too-many-params').map((f) => f.line)).toEqual([5]);
      expect(lines.files.find((f) => f.path === 'new.py')!.findings.some((f) => f.ruleId === 'too-many-params')).toBe(true);
    } finally {
      t.remove();
    }
  });

  it('outside a git repository --changed is exit 2 with a clear message', () => {
    const t = tempTree({ 'a.py': 'x = 1\n' });
    try {
      const r = toasty(['grade', '--changed'], t.dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--changed only works inside a git repository');
    } finally {
      t.remove();
    }
  });
});

describe('github format', () => {
  it('writes workflow commands to stdout and a Markdown job summary when GITHUB_STEP_SUMMARY is set', () => {
    const t = tempTree({ 'm.py': SIX('a', 'p') });
    try {
      const summary = join(t.dir, 'summary.md');
      writeFileSync(summary, '');
      const r = toasty(['grade', '--format', 'github'], t.dir, { GITHUB_STEP_SUMMARY: summary });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^::warning file=m\.py,line=1,/m);
      expect(readFileSync(summary, 'utf8')).toMatch(/^## ✅ toasty: \*\*[\d.]+\*\*/);
    } finally {
      t.remove();
    }
  });

  it('several outputs in one run: sarif to a file and pretty to the terminal', () => {
    const t = tempTree({ 'm.py': SIX('a', 'p') });
    try {
      const r = toasty(['grade', '--format', 'sarif', '--output', 'toasty.sarif', '--format', 'pretty'], t.dir);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('too-many-params');
      expect(JSON.parse(readFileSync(join(t.dir, 'toasty.sarif'), 'utf8')).version).toBe('2.1.0');
    } finally {
      t.remove();
    }
  });
});
