import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeShards, type ShardReport } from '../../src/engine/merge.js';
import { parseShard, shardOf } from '../../src/engine/shard.js';
import type { RunResult } from '../../src/model/results.js';
import { schemaValidator } from '../../src/util/schema.js';
import { toasty } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

/** A small mixed project: files of different sizes and scores, so a wrong weighting shows. */
function project(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < 7; i++) {
    const params = Array.from({ length: 3 + i }, (_, k) => `a${k}`).join(', ');
    const body = Array.from({ length: i * 3 }, (_, k) => `    x${k} = a0 + ${k}\n`).join('');
    files[`pkg/mod${i}.py`] = `import os\n\n\ndef f${i}(${params}):\n${body}    if a0 == None:\n        return 1\n    return a0\n`;
  }
  for (let i = 0; i < 5; i++) {
    const loops = i % 2 ? `for (const a of xs) { for (const b of xs) { if (a == b) s += 'x'; } }\n` : '';
    files[`web/part${i}.js`] = `export function p${i}(xs) {\n  let s = '';\n  ${loops}  return eval(s + ${i});\n}\n`;
  }
  files['web/broken.js'] = 'export function (\n';
  files['clean.py'] = '"""A clean module."""\n\n\ndef add(a, b):\n    """Add."""\n    return a + b\n';
  // Many clean lines in one file: weighted by lines, it pulls the project score up more than a mean of shards would.
  files['big_clean.py'] = `"""Constants."""\n\n${Array.from({ length: 150 }, (_, k) => `LIMIT_${k} = ${k}`).join('\n')}\n`;
  return files;
}

const normalize = (text: string): string =>
  text
    .replace(/\b[0-9a-f]{12}\b/g, 'ID')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, 'TIME')
    .replace(/time="[0-9.]+"/g, 'time="T"');

/** What must be equal between an unsharded run and the merge of its shards. */
function comparable(r: RunResult) {
  return {
    score: r.score,
    grade: r.grade,
    passed: r.passed,
    thresholds: r.thresholds,
    dimensions: r.dimensions,
    dimensionsWithoutRules: r.dimensionsWithoutRules,
    summary: r.summary,
    failures: r.failures,
    selection: r.selection,
    warnings: r.warnings,
    files: JSON.parse(normalize(JSON.stringify(r.files))) as unknown,
  };
}

describe('grade --shard i/n and toasty merge', () => {
  const t = tempTree(project());
  const run = (args: string[]) => toasty([...args, '--db', join(t.dir, 'h.db'), ...(args[0] === 'grade' ? ['--no-learning'] : [])], t.dir);
  const read = (name: string): string => readFileSync(join(t.dir, name), 'utf8');
  let full: RunResult;
  let fullCode: number;
  let minScore: number;

  beforeAll(() => {
    // The score first, so the gate is set just above it: the unsharded run fails --min-score.
    const probe = run(['grade', '.', '--format', 'json', '--no-cache']);
    expect(probe.code).toBe(0);
    minScore = (JSON.parse(probe.stdout) as RunResult).score! + 0.5;
    const r = run([
      'grade',
      '.',
      '--min-score',
      String(minScore),
      '--no-cache',
      ...[
        '--format',
        'json',
        '--output',
        'full.json',
        '--format',
        'sarif',
        '--output',
        'full.sarif',
        '--format',
        'junit',
        '--output',
        'full.xml',
      ],
    ]);
    fullCode = r.code;
    full = JSON.parse(read('full.json')) as RunResult;
  });
  afterAll(() => t.remove());

  it('three shards merged give the unsharded score, per-file results, gate, exit code, SARIF and JUnit exactly', () => {
    expect(fullCode).toBe(1);
    expect(full.passed).toBe(false);
    expect(full.summary.parseErrors).toBe(1);

    const shardFiles: string[][] = [];
    for (const i of [1, 2, 3]) {
      const r = run([
        'grade',
        '.',
        '--shard',
        `${i}/3`,
        '--min-score',
        String(minScore),
        '--no-cache',
        '--format',
        'json',
        '--output',
        `s${i}.json`,
      ]);
      // A shard's score is partial: --min-score waits for the merge.
      expect(r.code).toBe(0);
      const shard = JSON.parse(read(`s${i}.json`)) as RunResult;
      expect(shard.shard).toEqual({ index: i, count: 3 });
      expect(shard.thresholds.minScore).toBe(minScore);
      shardFiles.push(shard.files.map((f) => f.path));
    }
    // Disjoint, every file in exactly one shard, none empty, each where its path's hash says.
    expect(shardFiles.flat().sort()).toEqual(full.files.map((f) => f.path).sort());
    for (const [k, paths] of shardFiles.entries()) {
      expect(paths.length).toBeGreaterThan(0);
      for (const p of paths) expect(shardOf(p, 3)).toBe(k + 1);
    }

    const m = run([
      'merge',
      's3.json',
      's1.json',
      's2.json',
      ...[
        '--format',
        'json',
        '--output',
        'merged.json',
        '--format',
        'sarif',
        '--output',
        'merged.sarif',
        '--format',
        'junit',
        '--output',
        'merged.xml',
      ],
    ]);
    expect(m.code).toBe(fullCode);
    expect(m.stderr).toContain(`toasty: failed: project score ${full.score} is below --min-score ${minScore}`);
    const merged = JSON.parse(read('merged.json')) as RunResult;
    expect(comparable(merged)).toEqual(comparable(full));
    expect(merged.score).toBe(full.score);
    expect(merged.merged?.count).toBe(3);
    expect(merged.shard).toBeUndefined();
    const validate = schemaValidator('report.schema.json');
    validate(merged);
    expect(validate.errors ?? []).toEqual([]);
    expect(normalize(read('merged.sarif'))).toBe(normalize(read('full.sarif')));
    expect(normalize(read('merged.xml'))).toBe(normalize(read('full.xml')));

    // The pretty report of the merge, and a --min-score given to merge replaces the shards'.
    const pretty = run(['merge', 's1.json', 's2.json', 's3.json', '--min-score', String(full.score! - 1)]);
    expect(pretty.code).toBe(0);
    expect(pretty.stdout).toContain(String(full.score));
  });

  it('the merged score is recomputed from files, not the mean of the shard scores', () => {
    const shards = [1, 2, 3].map((i) => JSON.parse(read(`s${i}.json`)) as RunResult);
    const meanOfShards = Math.round((shards.reduce((a, s) => a + (s.score ?? 0), 0) / 3) * 10) / 10;
    expect(meanOfShards).not.toBe(full.score);
    expect(mergeShards(shards.map((report, i) => ({ file: `s${i + 1}.json`, report }))).score).toBe(full.score);
  });

  it('a file keeps its shard when other files are added', () => {
    const before = full.files.map((f) => [f.path, shardOf(f.path, 3)]);
    const t2 = tempTree({ ...project(), 'pkg/new_a.py': 'x = 1\n', 'web/new_b.js': 'export const y = 2;\n', 'z/new_c.py': 'z = 3\n' });
    try {
      const r = toasty(['grade', '.', '--shard', '2/3', '--format', 'json', '--no-learning', '--db', join(t2.dir, 'h.db')], t2.dir);
      expect(r.code).toBe(0);
      const paths = new Set((JSON.parse(r.stdout) as RunResult).files.map((f) => f.path));
      for (const [p, s] of before) expect(paths.has(p as string)).toBe(s === 2);
    } finally {
      t2.remove();
    }
  });

  it('an invalid --shard is exit 2 with a clear message', () => {
    for (const [bad, says] of [
      ['0/3', 'i must be from 1 to 3'],
      ['4/3', 'i must be from 1 to 3'],
      ['x', 'is not of the form i/n'],
      ['1/0', 'n must be from 1 to'],
      ['1/3/5', 'is not of the form i/n'],
    ] as const) {
      const r = run(['grade', '.', '--shard', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain(says);
    }
    expect(parseShard(' 2/5 ')).toEqual({ index: 2, count: 5 });
  });

  it('merge refuses a missing, duplicated, overlapping or foreign report with exit 2 naming the file', () => {
    const cases: [string[], string][] = [
      [['s1.json', 's2.json'], 'shard 3/3 missing'],
      [['s1.json', 's1.json', 's2.json', 's3.json'], 'are both shard 1/3'],
      [['s1.json', 's2.json', 'full.json'], 'full.json: no shard {index, count}'],
      [['s1.json', 'nope.json'], 'cannot read nope.json'],
      [['s1.json', 'full.sarif', 's3.json'], 'full.sarif: schemaVersion'],
    ];
    for (const [args, says] of cases) {
      const r = run(['merge', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(says);
    }
    const s1 = JSON.parse(read('s1.json')) as RunResult;
    const other: ShardReport = { file: 'x.json', report: { ...s1, shard: { index: 2, count: 3 } } };
    expect(() =>
      mergeShards([{ file: 's1.json', report: s1 }, other, { file: 's3.json', report: JSON.parse(read('s3.json')) as RunResult }]),
    ).toThrow(/is in both s1.json and x.json/);
  });
});
