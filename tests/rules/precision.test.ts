// docs/rule-precision.json is what `rules show` prints: it must be the figures the committed labels
// give (bench/precision/report.mjs --write), and the built CLI must print them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { precisionLine, rulePrecision } from '../../src/rules/precision.js';
import { toasty } from '../helpers/cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BENCH = join(ROOT, 'bench', 'precision');

interface Label {
  fingerprint: string;
  rule: string;
  label: 'useful' | 'noise' | 'wrong';
}

function labels(file: string): Label[] {
  return readFileSync(join(BENCH, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Label);
}

describe('measured precision shipped with the rules', () => {
  const shipped = JSON.parse(readFileSync(join(ROOT, 'docs', 'rule-precision.json'), 'utf8')) as {
    source: string;
    date: string;
    rules: Record<string, { labelled: number; useful: number; noise: number; wrong: number; precision: number }>;
  };

  it('docs/rule-precision.json holds exactly the counts of the committed labels', () => {
    const seen = new Set<string>();
    const counts: Record<string, { labelled: number; useful: number; noise: number; wrong: number }> = {};
    for (const l of [...labels('labels.jsonl'), ...labels('labels-opt-in.jsonl'), ...labels('../neural/wrong-variable-labels.jsonl')]) {
      if (seen.has(l.fingerprint)) continue;
      seen.add(l.fingerprint);
      const c = (counts[l.rule] ??= { labelled: 0, useful: 0, noise: 0, wrong: 0 });
      c.labelled++;
      c[l.label]++;
    }
    const fromFile = Object.fromEntries(
      Object.entries(shipped.rules).map(([id, r]) => [id, { labelled: r.labelled, useful: r.useful, noise: r.noise, wrong: r.wrong }]),
    );
    expect(fromFile).toEqual(counts);
    for (const r of Object.values(shipped.rules)) expect(r.precision).toBeCloseTo(r.useful / r.labelled, 2);
  });

  it('states the figures, and "not measured" for a rule without labels', () => {
    const [id, r] = Object.entries(shipped.rules)[0]!;
    expect(rulePrecision(id)?.labelled).toBe(r.labelled);
    expect(precisionLine(id)).toContain(`measured precision ${r.precision.toFixed(2)} on ${r.labelled} labelled finding`);
    expect(precisionLine(id)).toContain(`(${shipped.source}, ${shipped.date})`);
    expect(precisionLine('no-such-rule')).toBe('measured precision: not measured');
  });

  it('names the labels and date of a rule labelled outside bench/precision (wrong-variable’s hand-read findings)', () => {
    const r = shipped.rules['wrong-variable'] as { labelled: number; precision: number; source?: string; date?: string } | undefined;
    expect(r?.source).toBe('bench/neural/wrong-variable-labels.jsonl');
    expect(r?.labelled).toBe(labels('../neural/wrong-variable-labels.jsonl').length);
    expect(precisionLine('wrong-variable')).toContain(`measured precision ${r!.precision.toFixed(2)} on ${r!.labelled} labelled findings`);
    expect(precisionLine('wrong-variable')).toContain(`(bench/neural/wrong-variable-labels.jsonl, ${r!.date})`);
  });

  it('rules show and rules list --format json print them (built CLI)', () => {
    const show = toasty(['rules', 'show', 'raise-without-cause'], ROOT);
    expect(show.code).toBe(0);
    const r = shipped.rules['raise-without-cause']!;
    expect(show.stdout).toContain(
      `measured precision ${r.precision.toFixed(2)} on ${r.labelled} labelled findings (bench/precision, ${shipped.date})`,
    );
    const list = JSON.parse(toasty(['rules', 'list', '--format', 'json'], ROOT).stdout) as {
      id: string;
      precision: { labelled: number } | null;
    }[];
    expect(list.find((x) => x.id === 'raise-without-cause')!.precision?.labelled).toBe(r.labelled);
    expect(list.find((x) => x.id === 'yoda-condition')!.precision).toBeNull(); // never fired on the bench projects
  });
});
