import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAdapter } from '../../src/languages/registry.js';
import type { Language, SourceFile } from '../../src/model/types.js';
import { extractVarSites, VM_BAG, VM_BAGS, type VarSite } from '../../src/neural/detectors/varmisuse-sites.js';
import { loadVarMisuseManifest, scoreVarSites, varMisuseFindings } from '../../src/neural/detectors/varmisuse.js';
import type { RunResult } from '../../src/model/results.js';
import { toasty } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

// These tests run the real shipped wrong-variable model (models/toasty-varmisuse.onnx).
const MODEL_DIR = join(import.meta.dirname, '..', '..', 'models');

async function parse(text: string, language: Language): Promise<SourceFile> {
  return (await loadAdapter(language)).parse(language === 'python' ? 'x.py' : language === 'typescript' ? 'x.ts' : 'x.js', text, language);
}

function at(text: string, sites: VarSite[], line: number, name: string): VarSite | undefined {
  return sites.find((s) => s.written === name && text.slice(0, s.start).split('\n').length === line);
}

describe('wrong-variable sites', () => {
  const py = [
    'def window(items, lo, hi, key):',
    '    total = 0',
    '    for i in range(lo, hi):',
    '        if key(items[i]) > total:',
    '            total = key(items[i])',
    '    squares = [x * x for x in items]',
    '    late = total + lo',
    '    return self_check(late, squares)',
    '',
  ].join('\n');

  it('takes local names read as operands, arguments, indices and returns, with the in-scope names declared on earlier lines', async () => {
    const sites = extractVarSites(await parse(py, 'python'));
    const lo = at(py, sites, 3, 'lo')!;
    expect(lo.role).toBe('argument');
    // `i` is bound on this very line, `late`/`squares` later: never offered.
    expect([...lo.alternatives].sort()).toEqual(['hi', 'items', 'key', 'total']);
    expect(py.slice(lo.start, lo.end)).toBe('lo');
    expect(at(py, sites, 4, 'i')!.role).toBe('index');
    expect(at(py, sites, 4, 'total')!.role).toBe('operand');
    expect(at(py, sites, 7, 'lo')!.alternatives).toContain('i');
    // The comprehension variable is neither a site's alternative nor (outside its brackets) in scope.
    for (const s of sites) expect(s.alternatives).not.toContain('x');
    // `squares` is offered on the return line (declared on line 6), `late` never before line 8.
    expect(at(py, sites, 8, 'late')!.alternatives).toContain('squares');
    expect(at(py, sites, 7, 'total')!.alternatives).not.toContain('late');
    // Assignment targets and loop targets are not reads.
    expect(sites.filter((s) => s.written === 'total' && py.slice(0, s.start).split('\n').length === 5)).toEqual([]);
    for (const s of sites) expect(s.names).toHaveLength(s.alternatives.length + 1);
  });

  it('never offers builtins, self, or a JS block-scoped name outside its block', async () => {
    const js = [
      'function f(values, limit) {',
      '  let acc = 0;',
      '  for (let k = 0; k < limit; k++) {',
      '    const v = values[k];',
      '    acc = acc + v;',
      '  }',
      '  return Math.min(acc, limit);',
      '}',
      '',
    ].join('\n');
    const sites = extractVarSites(await parse(js, 'javascript'));
    const inLoop = at(js, sites, 5, 'v')!;
    expect([...inLoop.alternatives].sort()).toEqual(['acc', 'k', 'limit', 'values']);
    const after = at(js, sites, 7, 'acc')!;
    expect([...after.alternatives].sort()).toEqual(['limit', 'values']);
    const cls = 'class A:\n    def m(self, a, b):\n        return len(a) + self.n + b\n';
    const pySites = extractVarSites(await parse(cls, 'python'));
    for (const s of pySites) {
      expect(s.alternatives).not.toContain('self');
      expect(s.alternatives).not.toContain('len');
      expect(s.written).not.toBe('self');
    }
  });

  it('reads a planted slip exactly as the original site: only which name is written differs', async () => {
    const original =
      'def span(start, stop, step):\n    n = 0\n    while start < stop:\n        start += step\n        n += 1\n    return n\n';
    const planted = original.replace('while start < stop', 'while start < step');
    const a = extractVarSites(await parse(original, 'python'));
    const b = extractVarSites(await parse(planted, 'python'));
    const sa = at(original, a, 3, 'stop')!;
    const sb = at(planted, b, 3, 'step')!;
    expect(sb.start).toBe(sa.start);
    expect(sb.context).toEqual(sa.context);
    const bags = (s: VarSite): Map<string, string> =>
      new Map([s.written, ...s.alternatives].map((name, k) => [name, JSON.stringify([s.names[k], s.cross[k]])]));
    const ba = bags(sa);
    const bb = bags(sb);
    for (const name of ['stop', 'step']) expect(bb.get(name)).toBe(ba.get(name));
  });
});

describe('the shipped wrong-variable model', () => {
  it('gives the PyTorch scores for the same feature ids (onnxruntime parity)', async () => {
    const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'varmisuse-parity.json'), 'utf8')) as {
      ids: number[][][];
      scores: number[];
    };
    expect(fixture.ids[0]).toHaveLength(VM_BAGS);
    expect(fixture.ids[0]![0]).toHaveLength(VM_BAG);
    // One site per row: the written name's row and no alternative, so the raw score is read back through scoreVarSites' sigmoid.
    const { ort, session } = await import('../../src/neural/onnx.js').then((m) =>
      m.openOnnxModel(MODEL_DIR, 'toasty-varmisuse.onnx', 'test'),
    );
    const ids = new BigInt64Array(fixture.ids.flat(2).map((x) => BigInt(x)));
    const out = await session.run({ ids: new ort.Tensor('int64', ids, [fixture.ids.length, VM_BAGS, VM_BAG]) });
    const scores = out.score!.data as Float32Array;
    fixture.scores.forEach((s, i) => expect(scores[i]).toBeCloseTo(s, 4));
  });

  it('has a manifest matching this toasty’s feature hashing, with per-language thresholds', () => {
    const manifest = loadVarMisuseManifest(MODEL_DIR);
    const rule = manifest.rules['wrong-variable'];
    // With the name-evidence gate the threshold is the floor 0.5 (the model must prefer the suggestion); the model alone's are high.
    for (const language of ['python', 'javascript'] as const) {
      expect(rule.thresholds[language]).toBeGreaterThanOrEqual(0.5);
      expect(rule.thresholds[language]).toBeLessThan(1);
      expect(rule.thresholdsModelAlone![language]).toBeGreaterThan(0.9);
    }
    expect(rule.gate).toBeDefined();
  });

  it('scores a planted slip above the same site as written', async () => {
    const original =
      'def span(start, stop, step):\n    n = 0\n    while start < stop:\n        start += step\n        n += 1\n    return n\n';
    const planted = original.replace('while start < stop', 'while start < step');
    const [clean] = await scoreVarSites(MODEL_DIR, [at(original, extractVarSites(await parse(original, 'python')), 3, 'stop')!]);
    const [slip] = await scoreVarSites(MODEL_DIR, [at(planted, extractVarSites(await parse(planted, 'python')), 3, 'step')!]);
    expect(slip!.score).toBeGreaterThan(clean!.score);
    expect(slip!.alternative).toBe('stop');
  });

  it('finds a planted slip with the model alone at its own calibrated threshold, with the name that was meant, and leaves the original alone', async () => {
    // The model without the name-evidence gate (`gate: null`) at the threshold calibrated for it (thresholdsModelAlone).
    const alone = loadVarMisuseManifest(MODEL_DIR).rules['wrong-variable'].thresholdsModelAlone!;
    const cases: [Language, string, string, string, string][] = [
      [
        'python',
        'def area(width, height):\n    if width <= 0 or height <= 0:\n        raise ValueError(width)\n    return width * height\n',
        'width * height',
        'width * width',
        'height',
      ],
      [
        'javascript',
        'function area(width, height) {\n  if (width <= 0 || height <= 0) throw new Error("bad");\n  return width * height;\n}\n',
        'width * height',
        'width * width',
        'height',
      ],
      [
        'python',
        'def copy_bytes(src, dst, count):\n    n = 0\n    while n < count:\n        dst.write(src.read(1))\n        n += 1\n    return n\n',
        'while n < count',
        'while n < n',
        'count',
      ],
    ];
    for (const [language, original, from, to, meant] of cases) {
      const options = { modelDir: MODEL_DIR, gate: null, threshold: alone[language === 'python' ? 'python' : 'javascript'] };
      expect(await varMisuseFindings(await parse(original, language), options)).toEqual([]);
      const planted = original.replace(from, to);
      const findings = await varMisuseFindings(await parse(planted, language), options);
      expect(findings).toHaveLength(1);
      const line = planted.slice(0, planted.indexOf(to)).split('\n').length;
      expect(findings[0]).toMatchObject({ ruleId: 'wrong-variable', line, source: 'neural', severity: 'warning' });
      expect(findings[0]!.message).toContain(`looks like a slip for \`${meant}\``);
      expect(findings[0]!.suggestion).toContain(`\`${meant}\` was meant`);
    }
  });

  it('gives the same findings on every run (deterministic) and reports nothing in generated code', async () => {
    const text = 'def f(a, b, c):\n    if a < b:\n        return c + a\n    return b - c\n';
    const file = await parse(text, 'python');
    const one = await varMisuseFindings(file, { modelDir: MODEL_DIR, threshold: 0.5, gate: null });
    const two = await varMisuseFindings(file, { modelDir: MODEL_DIR, threshold: 0.5, gate: null });
    expect(one.length).toBeGreaterThan(0);
    expect(two).toEqual(one);
    for (const f of one) {
      expect(f.ruleId).toBe('wrong-variable');
      expect(f.message).toMatch(/^`\w+` looks like a slip for `\w+` here \(confidence 0\.\d\d\)$/);
    }
    const generated = await parse(`# @generated\n${text}`, 'python');
    expect(await varMisuseFindings(generated, { modelDir: MODEL_DIR, threshold: 0.5, gate: null })).toEqual([]);
  });
});

describe('wrong-variable through the CLI (built toasty, bundled model)', () => {
  // A slip the name-evidence gate passes: the attribute slot is named after the other local.
  const PLANTED = 'class Box:\n    def __init__(self, width, height):\n        self.width = width * 2\n        self.height = width * 2\n';
  const tree = tempTree({ 'a.py': PLANTED });
  afterAll(() => tree.remove());

  it('is a catalogued neural rule, off by default with its measured figures, and reports the slip once turned on', () => {
    writeFileSync(join(tree.dir, '.toastyrc.yaml'), '{}\n');
    const list = toasty(['rules', 'list', '--format', 'json'], tree.dir);
    expect(list.code, list.stderr).toBe(0);
    const row = (JSON.parse(list.stdout) as { id: string; source: string; defaultOn: boolean; measured?: string[] }[]).find(
      (r) => r.id === 'wrong-variable',
    );
    expect(row).toMatchObject({ source: 'neural', defaultOn: false });
    expect(row!.measured!.join('\n')).toMatch(/python: [\d.]+ false findings per 100 clean lines .* of the gate's kind/);
    expect(row!.measured!.join('\n')).toContain('reported only with name evidence');
    const grade = (): RunResult => {
      const r = toasty(['grade', 'a.py', '--no-cache', '--format', 'json'], tree.dir);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as RunResult;
    };
    expect(grade().files[0]!.findings.filter((f) => f.ruleId === 'wrong-variable')).toEqual([]);
    writeFileSync(join(tree.dir, '.toastyrc.yaml'), 'rules:\n  wrong-variable: warning\n');
    const on = grade().files[0]!.findings.filter((f) => f.ruleId === 'wrong-variable');
    expect(on).toHaveLength(1);
    expect(on[0]).toMatchObject({ line: 4, source: 'neural', dimension: 'reliability' });
    expect(on[0]!.message).toContain('`width` looks like a slip for `height`');
  });
});
