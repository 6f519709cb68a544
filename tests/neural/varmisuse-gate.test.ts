import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAdapter } from '../../src/languages/registry.js';
import type { Language, SourceFile } from '../../src/model/types.js';
import { varMisuseEvidence, type VarMisuseGate } from '../../src/neural/detectors/varmisuse-gate.js';
import { extractVarSites, type VarSite } from '../../src/neural/detectors/varmisuse-sites.js';
import { loadVarMisuseManifest, varMisuseFindings } from '../../src/neural/detectors/varmisuse.js';

// The name evidence of wrong-variable on real parses (the real front-ends), and the shipped gate with the
// real shipped model (models/toasty-varmisuse.onnx + models/varmisuse.json).
const MODEL_DIR = join(import.meta.dirname, '..', '..', 'models');

async function parse(text: string, language: Language): Promise<SourceFile> {
  return (await loadAdapter(language)).parse(language === 'python' ? 'x.py' : language === 'typescript' ? 'x.ts' : 'x.js', text, language);
}

function sitesOn(text: string, sites: VarSite[], line: number, name: string): VarSite[] {
  return sites.filter((s) => s.written === name && text.slice(0, s.start).split('\n').length === line);
}

const slotsOf = (s: VarSite): string[] => s.slots.map((x) => `${x.kind}:${x.name}`).sort();

const PY = [
  'class Box:',
  '    def __init__(self, width, height, scale):',
  '        self.width = width * scale',
  '        self.height = width * scale',
  '        self.area = self.resize(width, height)',
  '        self.box = dict(width=width + 1, height=width + 1)',
  "        self.shape = {'width': width + 1, 'height': width + 1}",
  '        if self.height == width:',
  '            scale = scale + width',
  '',
  '    def resize(self, height, width):',
  '        return height * width',
  '',
].join('\n');

const JS = [
  'function resize(height, width) {',
  '  return height * width;',
  '}',
  'class Box {',
  '  constructor(width, height, scale) {',
  '    this.width = width * scale;',
  '    this.height = width * scale;',
  '    this.area = resize(width, height);',
  '    this.shape = { width: width + 1, height: width + 1 };',
  '  }',
  '}',
  '',
].join('\n');

describe('wrong-variable slots (the named slots a site feeds)', () => {
  it('reads attribute targets, keywords, dict keys, a callee’s parameters, compared attributes and plain updates in Python', async () => {
    const sites = extractVarSites(await parse(PY, 'python'));
    expect(slotsOf(sitesOn(PY, sites, 3, 'width')[0]!)).toEqual(['target:width']);
    expect(slotsOf(sitesOn(PY, sites, 4, 'width')[0]!)).toEqual(['target:height']);
    // `self.resize(width, height)` reaches `def resize(self, height, width)`: the parameters at each position.
    expect(slotsOf(sitesOn(PY, sites, 5, 'width')[0]!)).toEqual(['param:height', 'target:area']);
    expect(slotsOf(sitesOn(PY, sites, 5, 'height')[0]!)).toEqual(['param:width', 'target:area']);
    expect(sitesOn(PY, sites, 6, 'width').map(slotsOf)).toEqual([
      ['keyword:width', 'target:box'],
      ['keyword:height', 'target:box'],
    ]);
    expect(sitesOn(PY, sites, 7, 'width').map(slotsOf)).toEqual([
      ['key:width', 'target:shape'],
      ['key:height', 'target:shape'],
    ]);
    expect(slotsOf(sitesOn(PY, sites, 8, 'width')[0]!)).toEqual(['paired:height']);
    expect(slotsOf(sitesOn(PY, sites, 9, 'width')[0]!)).toEqual(['update:scale']);
    expect(slotsOf(sitesOn(PY, sites, 12, 'width')[0]!)).toEqual(['return:resize']);
  });

  it('reads the same slots in JavaScript (object keys, `this.` targets, a plain function’s parameters)', async () => {
    const sites = extractVarSites(await parse(JS, 'javascript'));
    expect(slotsOf(sitesOn(JS, sites, 7, 'width')[0]!)).toEqual(['target:height']);
    expect(slotsOf(sitesOn(JS, sites, 8, 'width')[0]!)).toEqual(['param:height', 'target:area']);
    expect(sitesOn(JS, sites, 9, 'width').map(slotsOf)).toEqual([
      ['key:width', 'target:shape'],
      ['key:height', 'target:shape'],
    ]);
  });

  it('gives a planted slip the slots and uses of the code it was planted in (only the written name differs)', async () => {
    const original = PY.replace('self.height = width * scale', 'self.height = height * scale');
    const a = sitesOn(original, extractVarSites(await parse(original, 'python')), 4, 'height')[0]!;
    const b = sitesOn(PY, extractVarSites(await parse(PY, 'python')), 4, 'width')[0]!;
    expect(b.slots).toEqual(a.slots);
    const uses = (s: VarSite): Record<string, number> => Object.fromEntries([s.written, ...s.alternatives].map((n, k) => [n, s.uses[k]!]));
    expect(uses(b)).toEqual(uses(a));
  });
});

describe('the wrong-variable gate', () => {
  const gate: VarMisuseGate = {
    kinds: ['target', 'keyword', 'key', 'param', 'paired'],
    minSimilarity: 1,
    margin: 0.5,
    minParallel: 0,
    unusedOnly: false,
  };

  it('passes a suggestion the slot is named after, never the written name’s own slot, never without a slot', async () => {
    const sites = extractVarSites(await parse(PY, 'python'));
    const slip = sitesOn(PY, sites, 4, 'width')[0]!;
    expect(varMisuseEvidence(slip, 'width', 'height', gate)).toBe('target');
    // As written on line 3 the name fits its slot: no evidence for any other name.
    const right = sitesOn(PY, sites, 3, 'width')[0]!;
    for (const alt of right.alternatives) expect(varMisuseEvidence(right, 'width', alt, gate)).toBeNull();
    expect(varMisuseEvidence(sitesOn(PY, sites, 5, 'width')[0]!, 'width', 'height', gate)).toBe('param');
    expect(varMisuseEvidence(sitesOn(PY, sites, 8, 'width')[0]!, 'width', 'height', gate)).toBe('paired');
    // A kind the gate does not read: the plain update `scale = scale + width` never suggests `scale`.
    expect(varMisuseEvidence(sitesOn(PY, sites, 9, 'width')[0]!, 'width', 'scale', gate)).toBeNull();
  });

  it('never reports on the "suggestion is otherwise unused" cue alone', async () => {
    const text =
      'def f(items, limit):\n    spare = 0\n    total = 0\n    for x in items:\n        total = total + x\n    return total > limit\n';
    const sites = extractVarSites(await parse(text, 'python'));
    const site = sitesOn(text, sites, 6, 'total')[0]!;
    const k = site.alternatives.indexOf('spare');
    expect(k).toBeGreaterThanOrEqual(0);
    expect(site.uses[k + 1]).toBe(0);
    expect(varMisuseEvidence(site, 'total', 'spare', { ...gate, unusedOnly: true })).toBeNull();
    expect(varMisuseEvidence(site, 'total', 'spare', gate)).toBeNull();
  });
});

describe('wrong-variable with the shipped gate and model', () => {
  const CLEAN = 'class Box:\n    def __init__(self, width, height):\n        self.width = width * 2\n        self.height = height * 2\n';
  const SLIP = CLEAN.replace('self.height = height * 2', 'self.height = width * 2');

  it('ships a gate that reads named slots and never the callee parameters nor the "unused" cue alone', () => {
    const gate = loadVarMisuseManifest(MODEL_DIR).rules['wrong-variable'].gate!;
    expect([...gate.kinds].sort()).toEqual(['key', 'keyword', 'paired', 'target']);
    expect(gate.unusedOnly).toBe(false);
    expect(gate.directOnly).toBe(true);
  });

  it('reports a planted `self.height = width * 2` with `height`, and nothing on the code as written', async () => {
    expect(await varMisuseFindings(await parse(CLEAN, 'python'), { modelDir: MODEL_DIR })).toEqual([]);
    const findings = await varMisuseFindings(await parse(SLIP, 'python'), { modelDir: MODEL_DIR });
    expect(findings.map((f) => [f.line, f.message.replace(/ \(confidence .*$/, '')])).toEqual([
      [4, '`width` looks like a slip for `height` here'],
    ]);
    const js = 'class Box {\n  constructor(width, height) {\n    this.width = width * 2;\n    this.height = width * 2;\n  }\n}\n';
    const jsFindings = await varMisuseFindings(await parse(js, 'javascript'), { modelDir: MODEL_DIR });
    expect(jsFindings.map((f) => [f.line, f.message.replace(/ \(confidence .*$/, '')])).toEqual([
      [4, '`width` looks like a slip for `height` here'],
    ]);
  });

  it('keeps the model alone’s false findings out: a slip the model flags without a named slot is not reported', async () => {
    const text = 'def area(width, height):\n    if width <= 0 or height <= 0:\n        raise ValueError(width)\n    return width * width\n';
    const file = await parse(text, 'python');
    const alone = await varMisuseFindings(file, { modelDir: MODEL_DIR, gate: null, threshold: 0.5 });
    expect(alone.map((f) => f.line)).toContain(4);
    expect(await varMisuseFindings(file, { modelDir: MODEL_DIR })).toEqual([]);
  });
});
