import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/results.js';
import { toasty } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

// The model's findings are catalogued rules: listed, configured, suppressed and described like any
// other; the model itself is loaded only when one of them is on. All runs use the built CLI and the
// real bundled model.
const LOOP = 'def find(xs, n):\n    for i in range(len(xs)):\n        if i <= n:\n            return xs[i]\n    return None\n';

interface CatalogueRow {
  id: string;
  source: string;
  origin: string;
  defaultOn: boolean;
  severity: string;
  languages: string[];
  measured?: string[];
}

describe('neural rules', () => {
  const tree = tempTree({ 'a.py': LOOP });
  afterAll(() => tree.remove());
  const config = (text: string): void => writeFileSync(join(tree.dir, '.toastyrc.yaml'), text);
  const grade = (...extra: string[]): RunResult => {
    const r = toasty(['grade', 'a.py', '--no-cache', '--format', 'json', ...extra], tree.dir);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as RunResult;
  };
  const neural = (run: RunResult) => run.files[0]!.findings.filter((f) => f.source === 'neural');

  it('`rules list` shows unusual-token as a neural rule, off by default, with its measured figures', () => {
    config('{}\n');
    const r = toasty(['rules', 'list', '--format', 'json'], tree.dir);
    expect(r.code, r.stderr).toBe(0);
    const row = (JSON.parse(r.stdout) as CatalogueRow[]).find((x) => x.id === 'unusual-token');
    expect(row).toMatchObject({
      source: 'neural',
      origin: 'neural',
      defaultOn: false,
      severity: 'warning',
      languages: ['python', 'javascript', 'typescript'],
    });
    expect(row!.measured!.join('\n')).toMatch(/false findings per 100 lines/);
    const show = toasty(['rules', 'show', 'unusual-token'], tree.dir);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/source: neural; default: off/);
    expect(show.stdout).toMatch(/measured: buggy-vs-fixed discrimination/);
  });

  it('a default run never loads the model; turning the rule on does', () => {
    // A model folder that does not exist: loading it would be a warning. By default nothing loads it.
    config('neural:\n  model: not-there\n');
    const quiet = grade();
    expect(quiet.warnings ?? []).toEqual([]);
    expect(neural(quiet)).toEqual([]);
    config('neural:\n  model: not-there\nrules:\n  unusual-token: warning\n');
    expect(grade().warnings?.join('\n')).toMatch(/neural model is unavailable/);
    // --no-neural and `neural: false` never run it, even with the rule on.
    expect(grade('--no-neural').warnings ?? []).toEqual([]);
    config('neural: false\nrules:\n  unusual-token: warning\n');
    expect(grade().warnings ?? []).toEqual([]);
  });

  it('the rule on, at the configured severity; an inline suppression of it applies', () => {
    config('rules:\n  unusual-token: error\nneural:\n  threshold: 0.5\n');
    const on = neural(grade());
    const flagged = on.find((f) => f.line === 3);
    expect(flagged, JSON.stringify(on)).toMatchObject({ ruleId: 'unusual-token', severity: 'error', suppressed: false });

    writeFileSync(join(tree.dir, 'a.py'), LOOP.replace('if i <= n:', 'if i <= n:  # toasty: ignore[unusual-token] -- bound checked'));
    const suppressed = neural(grade()).find((f) => f.line === 3);
    expect(suppressed).toMatchObject({ ruleId: 'unusual-token', suppressed: true, cost: 0, suppressionReason: 'bound checked' });
    writeFileSync(join(tree.dir, 'a.py'), LOOP);
  });

  it('SARIF carries the neural rule metadata when it reports', () => {
    config('rules:\n  unusual-token: warning\nneural:\n  threshold: 0.5\n');
    const r = toasty(['grade', 'a.py', '--no-cache', '--format', 'sarif'], tree.dir);
    expect(r.code, r.stderr).toBe(0);
    const sarif = JSON.parse(r.stdout) as { runs: { tool: { driver: { rules: { id: string }[] } } }[] };
    expect(sarif.runs[0]!.tool.driver.rules.map((x) => x.id)).toContain('unusual-token');
  });

  it('`unusual-token: off` and `neural: true` are valid config; an unknown neural-ish id is exit 2', () => {
    config('neural: true\nrules:\n  unusual-token: off\n');
    expect(neural(grade())).toEqual([]);
    config('rules:\n  unusual-tokens: warning\n');
    const bad = toasty(['grade', 'a.py'], tree.dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/did you mean `unusual-token`/);
  });
});
