import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/results.js';
import { toasty } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

// The built CLI with the real model, copied to a folder the config names (`neural.model`).
const MODELS = join(import.meta.dirname, '..', '..', 'models');
// The model runs only where a neural rule is on (none is by default).
const ON = 'rules:\n  unusual-token: warning\n';
const CODE = 'def find(a, b):\n    for i in range(len(a)):\n        if a[i] <= b:\n            return i\n    return -1\n';

describe('neural.model in the config', () => {
  const tree = tempTree({ 'a.py': CODE });
  afterAll(() => tree.remove());
  for (const f of ['manifest.json', 'toasty-rtd-small.onnx', 'toasty-rtd-small.vocab.json'])
    cpSync(join(MODELS, f), join(tree.dir, 'mine', f));
  const grade = (): RunResult => {
    const r = toasty(['grade', 'a.py', '--format', 'json'], tree.dir);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as RunResult;
  };
  const neuralFindings = (run: RunResult) =>
    run.files[0]!.findings.filter((f) => f.source === 'neural').map((f) => ({
      line: f.line,
      column: f.column,
      message: f.message,
      confidence: f.confidence,
    }));

  it('grades with the named model, and re-grades cached files when that model changes in place', () => {
    writeFileSync(join(tree.dir, '.toastyrc.yaml'), `${ON}neural:\n  model: mine/manifest.json\n`);
    const first = grade();
    expect(first.warnings ?? []).toEqual([]);

    // Thresholds at 0 in the named model's manifest: every token is reported, and the cached result
    // of the unchanged file (same content, same config) is not reused.
    const manifestPath = join(tree.dir, 'mine', 'manifest.json');
    const original = readFileSync(manifestPath, 'utf8');
    const manifest = JSON.parse(original) as { thresholds: Record<string, number> };
    manifest.thresholds.python = 0;
    writeFileSync(manifestPath, JSON.stringify(manifest));
    writeFileSync(join(tree.dir, '.toastyrc.yaml'), `${ON}neural:\n  model: mine\n`);
    expect(neuralFindings(grade()).length).toBeGreaterThan(neuralFindings(first).length);

    // A copy of the bundled model finds what the bundled model finds.
    writeFileSync(manifestPath, original);
    writeFileSync(join(tree.dir, '.toastyrc.yaml'), `${ON}neural:\n  enabled: true\n`);
    expect(neuralFindings(grade())).toEqual(neuralFindings(first));
  });

  it('a named model that is missing is a warning, and the grade goes on without it', () => {
    writeFileSync(join(tree.dir, '.toastyrc.yaml'), `${ON}neural:\n  model: not-there\n`);
    const run = grade();
    expect(run.warnings?.join('\n')).toMatch(/neural model is unavailable.*not-there[/\\]manifest\.json/);
    expect(run.files[0]!.status).toBe('graded');
    expect(neuralFindings(run)).toEqual([]);
    const info = toasty(['model', 'info'], tree.dir);
    expect(info.code).toBe(1);
    expect(info.stderr).toMatch(/not-there/);
  });

  it('`neural.model` must be a non-empty string (exit 2 naming the key)', () => {
    writeFileSync(join(tree.dir, '.toastyrc.yaml'), 'neural:\n  model: 3\n');
    const r = toasty(['grade', 'a.py'], tree.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/`neural\.model` must be string/);
  });
});
