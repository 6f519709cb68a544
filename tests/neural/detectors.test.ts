import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAdapter } from '../../src/languages/registry.js';
import type { Language, SourceFile } from '../../src/model/types.js';
import { candidateSites, detectorFindings, generatedOrMinified } from '../../src/neural/detectors/findings.js';
import { getDetector, loadDetectorManifest, scoreRows } from '../../src/neural/detectors/model.js';
import { DETECTOR_RULES, extractSites, featureId, siteRows, subTokens, type DetectorRule } from '../../src/neural/detectors/sites.js';

// These tests run the real shipped detector model (models/toasty-detectors.onnx).
const MODEL_DIR = join(import.meta.dirname, '..', '..', 'models');
const ALL = new Set<DetectorRule>(DETECTOR_RULES);

async function parse(text: string, language: Language): Promise<SourceFile> {
  return (await loadAdapter(language)).parse(language === 'python' ? 'x.py' : 'x.js', text, language);
}

describe('detector sites', () => {
  it('finds comparison, arithmetic and argument sites with their alternatives and exact spans', async () => {
    const text = 'def f(xs, n, src, dst):\n    if n < len(xs):\n        copy(src, dst)\n    return n + 1\n';
    const sites = extractSites(await parse(text, 'python'));
    const byRule = Object.fromEntries(sites.map((s) => [s.rule, s]));
    expect(sites.map((s) => s.rule)).toEqual(['wrong-comparison-operator', 'swapped-arguments', 'wrong-arithmetic-operator']);
    expect(byRule['wrong-comparison-operator']!.alternatives).toEqual(['<=', '>', '>=']);
    expect(text.slice(byRule['wrong-comparison-operator']!.start, byRule['wrong-comparison-operator']!.end)).toBe('<');
    expect(text.slice(byRule['swapped-arguments']!.start, byRule['swapped-arguments']!.end)).toBe('src, dst');
    expect(byRule['swapped-arguments']!.alternatives).toEqual(['dst, src']);
    expect(byRule['wrong-arithmetic-operator']!.alternatives).toEqual(['-']);
  });

  it('never offers `-` for string concatenation and has no sites in generated or minified code', async () => {
    const js = 'const a = "x" + name;\nconst b = `${p}` + q;\n';
    expect(extractSites(await parse(js, 'javascript')).filter((s) => s.rule === 'wrong-arithmetic-operator')).toEqual([]);
    const minified = `var a=1;${'if(a<b){c=d+e}'.repeat(200)}\n`;
    expect(generatedOrMinified(minified)).toBe(true);
    expect(candidateSites(await parse(minified, 'javascript'), ALL)).toEqual([]);
    expect(candidateSites(await parse('// @generated\nif (a < b) c = d + e;\n', 'javascript'), ALL)).toEqual([]);
  });

  it('finds equality and boolean sites, keeps the strictness of `===`, never offers `??` and skips defaults', async () => {
    const py = 'def f(x, n):\n    if x is not None and n == 0:\n        return x or []\n    return n\n';
    const pySites = extractSites(await parse(py, 'python'));
    const eq = pySites.filter((s) => s.rule === 'wrong-equality-operator');
    expect(eq.map((s) => [py.slice(s.start, s.end), s.alternatives])).toEqual([
      ['is not', ['is']],
      ['==', ['!=']],
    ]);
    const bools = pySites.filter((s) => s.rule === 'wrong-boolean-operator');
    // `x or []` is a default, not a condition: only the `and` is a site.
    expect(bools.map((s) => [py.slice(s.start, s.end), s.alternatives])).toEqual([['and', ['or']]]);
    const js = 'function g(a, b, c) {\n  if (a === null || b != c) return a ?? b;\n  const d = c || {};\n  return a && b.ok;\n}\n';
    const jsSites = extractSites(await parse(js, 'javascript'));
    expect(jsSites.filter((s) => s.rule === 'wrong-equality-operator').map((s) => [js.slice(s.start, s.end), s.alternatives])).toEqual([
      ['===', ['!==']],
      ['!=', ['==']],
    ]);
    expect(jsSites.filter((s) => s.rule === 'wrong-boolean-operator').map((s) => [js.slice(s.start, s.end), s.alternatives])).toEqual([
      ['||', ['&&']],
      ['&&', ['||']],
    ]);
    for (const s of jsSites) expect(s.alternatives).not.toContain('??');
  });

  it('reads the context: the same comparison gets different features when the operand is a loop variable used as an index', async () => {
    const a = await parse('def f(xs, n):\n    for i in range(n):\n        if i < len(xs):\n            print(xs[i])\n', 'python');
    const b = await parse('def f(xs, n):\n    i = n\n    if i < len(xs):\n        print(xs)\n', 'python');
    const [sa] = extractSites(a, new Set(['wrong-comparison-operator']));
    const [sb] = extractSites(b, new Set(['wrong-comparison-operator']));
    expect(sa!.bags[0]).toContain(featureId('Lloopvar'));
    expect(sa!.bags[0]).toContain(featureId('Lindexvar'));
    expect(sb!.bags[0]).not.toContain(featureId('Lloopvar'));
    expect(sb!.bags[0]).toContain(featureId('Lasg:k:identifier'));
    expect(sa!.bags[4]).toContain(featureId('fs:f'));
  });

  it('hashes features the way the training data was built (FNV-1a) and splits names into sub-tokens', () => {
    expect(featureId('pair:python:<><=')).toBe(featureId('pair:python:<><='));
    expect(featureId('a')).not.toBe(featureId('b'));
    expect(subTokens('maxRetryCount_2')).toEqual(['max', 'retry', 'count', '2']);
    expect(subTokens('HTTPServer')).toEqual(['http', 'server']);
  });
});

describe('the shipped detector model', () => {
  it('gives the PyTorch scores for the same feature ids (onnxruntime parity)', async () => {
    const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'detector-parity.json'), 'utf8')) as {
      ids: number[][][];
      scores: number[];
    };
    const scores = await scoreRows(await getDetector(MODEL_DIR), fixture.ids);
    fixture.scores.forEach((s, i) => expect(scores[i]).toBeCloseTo(s, 4));
  });

  it('has a manifest matching this toasty’s feature hashing', () => {
    const manifest = loadDetectorManifest(MODEL_DIR);
    for (const rule of DETECTOR_RULES) {
      expect(manifest.rules[rule].thresholds.python).toBeGreaterThan(0.5);
      expect(manifest.rules[rule].thresholds.javascript).toBeGreaterThan(0.5);
    }
  });
});

describe('the shipped detectors on planted bugs (real model, calibrated thresholds)', () => {
  const rules = ALL;
  it("finds swapped arguments in Python when the callee's parameters name them, and leaves the correct call alone", async () => {
    const call = (args: string): string =>
      `import shutil\n\n\ndef copy_tree(source_dir, target_dir):\n    shutil.copytree(source_dir, target_dir)\n\n\ndef backup(source_dir, target_dir):\n    copy_tree(${args})\n`;
    expect(await detectorFindings(await parse(call('source_dir, target_dir'), 'python'), rules, { modelDir: MODEL_DIR })).toEqual([]);
    const [finding, ...rest] = await detectorFindings(await parse(call('target_dir, source_dir'), 'python'), rules, {
      modelDir: MODEL_DIR,
    });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: 'swapped-arguments',
      line: 9,
      column: 15,
      endColumn: 37,
      source: 'neural',
      dimension: 'reliability',
    });
    expect(finding!.message).toMatch(
      /^the arguments `target_dir, source_dir` look swapped; `source_dir, target_dir` is the expected order \(confidence 0\.\d\d|1\.00\)$/,
    );
    expect(finding!.suggestion).toBe('Check the parameter order: should the call read `(source_dir, target_dir)`?');
  });

  it('finds the one JavaScript call that passes two names in the order no other call of the callee uses', async () => {
    const js =
      'function move(from, to) { return [from, to]; }\nfunction a(src, dst) { return move(src, dst); }\nfunction b(src, dst) { return move(src, dst); }\nfunction c(src, dst) { return move(dst, src); }\n';
    const found = await detectorFindings(await parse(js, 'javascript'), rules, { modelDir: MODEL_DIR });
    expect(found.map((f) => [f.ruleId, f.line, f.column])).toEqual([['swapped-arguments', 4, 36]]);
  });

  it('reports no swap without name evidence, however confident the model: order-free callees, types and names second, symmetric pairs', async () => {
    const swapOnly = new Set<DetectorRule>(['swapped-arguments']);
    const detector = await getDetector(MODEL_DIR);
    const cases = [
      // no signature, no other call: the model alone said 0.9+ on this planted swap before the gate
      'import os\n\n\ndef resolve_in(base, name):\n    return os.path.join(name, base)\n',
      // the standard library's own correct calls the ungated rule flagged
      'def check(cls, subclass):\n    if issubclass(cls, subclass):\n        return True\n    if issubclass(subclass, cls):\n        return False\n    return getattr(locale, lc)\n\n\ndef g(db, da):\n    return math.gcd(db, da)\n',
      // `os.chown` is not the file's `chown` method, whose parameters would say "swapped"
      'import os\n\n\nclass T:\n    def chown(self, tarinfo, targetpath):\n        u = tarinfo.uid\n        os.chown(targetpath, u, 0)\n',
      // one call each way: both orders on purpose (ipaddress's subnet_of / supernet_of)
      'class N:\n    def subnet_of(self, other):\n        return self._is_subnet_of(self, other)\n\n    def supernet_of(self, other):\n        return self._is_subnet_of(other, self)\n\n    def _is_subnet_of(self, a, b):\n        return a in b\n',
    ];
    for (const text of cases) {
      const file = await parse(text, 'python');
      const sites = candidateSites(file, swapOnly);
      const scores = await scoreRows(
        detector,
        sites.flatMap((s) => siteRows(s)),
      );
      // The model alone would report each of these: the gate is what keeps them out.
      expect(Math.max(...scores)).toBeGreaterThanOrEqual(detector.manifest.rules['swapped-arguments'].thresholds.python);
      expect(await detectorFindings(file, swapOnly, { modelDir: MODEL_DIR })).toEqual([]);
    }
  });

  it('finds `<=` in a JavaScript loop over an array and leaves `<` alone', async () => {
    const loop = (op: string): string =>
      `function within(index, items) {\n  for (let i = 0; i ${op} items.length; i++) {\n    if (items[i] === index) return true;\n  }\n  return false;\n}\n`;
    expect(await detectorFindings(await parse(loop('<'), 'javascript'), rules, { modelDir: MODEL_DIR })).toEqual([]);
    const found = await detectorFindings(await parse(loop('<='), 'javascript'), rules, { modelDir: MODEL_DIR });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ ruleId: 'wrong-comparison-operator', line: 2, column: 21, endColumn: 23 });
    expect(found[0]!.message).toContain('`<=` looks like a slip for `<`');
  });

  it('finds `and` for `or` in a Python range check and `&&` for `||` in a JavaScript null test, and leaves the right ones alone', async () => {
    const py = (op: string): string => `def valid(x, lo, hi):\n    if x < lo ${op} x > hi:\n        raise ValueError(x)\n    return x\n`;
    expect(await detectorFindings(await parse(py('or'), 'python'), rules, { modelDir: MODEL_DIR })).toEqual([]);
    const [found, ...rest] = await detectorFindings(await parse(py('and'), 'python'), rules, { modelDir: MODEL_DIR });
    expect(rest).toEqual([]);
    expect(found).toMatchObject({ ruleId: 'wrong-boolean-operator', line: 2, column: 15, endColumn: 18 });
    expect(found!.message).toMatch(/^`and` looks like a slip for `or` here \(confidence 0\.\d\d\)$/);
    const js = (op: string): string =>
      `function at(items, key) {\n  if (items === null ${op} items === undefined) return undefined;\n  return items[key];\n}\n`;
    expect(await detectorFindings(await parse(js('||'), 'javascript'), rules, { modelDir: MODEL_DIR })).toEqual([]);
    const jsFound = await detectorFindings(await parse(js('&&'), 'javascript'), rules, { modelDir: MODEL_DIR });
    expect(jsFound.map((f) => [f.ruleId, f.line, f.column])).toEqual([['wrong-boolean-operator', 2, 22]]);
    expect(jsFound[0]!.suggestion).toBe('Check whether `||` was meant: should both conditions hold, or either one?');
  });

  it('gives the same findings on every run (deterministic)', async () => {
    const buggy =
      'def copy_tree(source_dir, target_dir):\n    pass\n\n\ndef backup(source_dir, target_dir):\n    copy_tree(target_dir, source_dir)\n';
    const a = await detectorFindings(await parse(buggy, 'python'), rules, { modelDir: MODEL_DIR });
    const b = await detectorFindings(await parse(buggy, 'python'), rules, { modelDir: MODEL_DIR });
    expect(a).toHaveLength(1);
    expect(a).toEqual(b);
  });
});
