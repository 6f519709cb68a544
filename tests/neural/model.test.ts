import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAdapter } from '../../src/languages/registry.js';
import type { Language, SourceFile } from '../../src/model/types.js';
import { neuralFindings, neuralIdentity, NeuralUnavailableError } from '../../src/neural/index.js';
import { lex, lexLanguage } from '../../src/neural/lexer.js';
import { scorePreTokens } from '../../src/neural/score.js';
import { getModel } from '../../src/neural/session.js';

// These tests run the real shipped model (models/toasty-rtd-small.onnx) on small inputs.
const MODEL_DIR = join(import.meta.dirname, '..', '..', 'models');

async function parse(text: string, language: Language): Promise<SourceFile> {
  return (await loadAdapter(language)).parse(language === 'python' ? 'x.py' : 'x.js', text, language);
}

/** Raw model probability of the first pre-token `token` on 1-based `line`, and the highest one on that line. */
async function probs(text: string, language: Language, line: number, token: string): Promise<{ token: number; lineMax: number }> {
  const model = await getModel(MODEL_DIR);
  const lang = lexLanguage(language);
  const pre = lex(text, lang);
  const scored = await scorePreTokens(model, pre, { language: lang });
  const starts = [0, ...[...text.matchAll(/\n/g)].map((m) => m.index + 1)];
  const onLine = pre.map((_, i) => i).filter((i) => pre[i]!.start >= starts[line - 1]! && pre[i]!.start < (starts[line] ?? Infinity));
  const i = onLine.find((j) => pre[j]!.text === token);
  expect(i, `token ${token} on line ${line}`).toBeDefined();
  const scorable = onLine.filter((j) => ['id', 'num', 'op'].includes(pre[j]!.kind));
  return { token: scored.scores[i!]!.prob, lineMax: Math.max(...scorable.map((j) => scored.scores[j]!.prob)) };
}

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

const loop = (op: string): string =>
  `function sum(items) {\n  let total = 0;\n  for (let i = 0; i ${op} items.length; i++) {\n    total += items[i].price;\n  }\n  return total;\n}\n`;

describe('the shipped model on planted bugs', () => {
  it('finds `<=` in a for loop over an array more suspicious than `<`', async () => {
    const clean = await probs(loop('<'), 'javascript', 3, '<');
    const buggy = await probs(loop('<='), 'javascript', 3, '<=');
    expect(clean.token).toBeCloseTo(0.06, 2);
    expect(buggy.token).toBeCloseTo(0.47, 2);
    expect(buggy.lineMax).toBeGreaterThan(clean.lineMax);
  });

  it('finds a flipped equality (`!==` for `===`) more suspicious than the original', async () => {
    const src = (op: string): string =>
      `function last(arr) {\n  if (arr.length ${op} 0) return undefined;\n  return arr[arr.length - 1];\n}\n`;
    const clean = await probs(src('==='), 'javascript', 2, '===');
    const buggy = await probs(src('!=='), 'javascript', 2, '!==');
    expect(clean.token).toBeCloseTo(0.08, 2);
    expect(buggy.token).toBeCloseTo(0.23, 2);
  });

  it('scores the line of `range(len(xs) + 1)` above the clean `range(len(xs))`', async () => {
    const src = (r: string): string =>
      `def mean(xs):\n    total = 0\n    for i in range(${r}):\n        total += xs[i]\n    return total / len(xs)\n`;
    const clean = await probs(src('len(xs)'), 'python', 3, 'len');
    const buggy = await probs(src('len(xs) + 1'), 'python', 3, '+');
    expect(clean.lineMax).toBeCloseTo(0.15, 2);
    expect(buggy.lineMax).toBeCloseTo(0.17, 2);
    expect(buggy.lineMax).toBeGreaterThan(clean.lineMax);
  });

  it('reports the planted `<=` with its exact span and the suggested `<` (threshold 0.7)', async () => {
    const findings = await neuralFindings(await parse(loop('<='), 'javascript'), { modelDir: MODEL_DIR, threshold: 0.7 });
    const f = findings.find((x) => x.line === 3);
    expect(f).toEqual({
      ruleId: 'unusual-token',
      dimension: 'reliability',
      severity: 'warning',
      line: 3,
      column: 21,
      endLine: 3,
      endColumn: 23,
      message: '`<=` looks unusual here; `<` is more common in this context (confidence 0.74)',
      suggestion: 'Check whether `<` was meant instead of `<=`. Is the comparison reversed or off by one?',
      metric: null,
      source: 'neural',
      confidence: 0.74,
    });
    // the clean loop has no finding on that line at the same threshold
    const clean = await neuralFindings(await parse(loop('<'), 'javascript'), { modelDir: MODEL_DIR, threshold: 0.7 });
    expect(clean.find((x) => x.line === 3)).toBeUndefined();
  });

  it('reports nothing on this small clean file at the calibrated default threshold', async () => {
    expect(await neuralFindings(await parse(loop('<'), 'javascript'), { modelDir: MODEL_DIR })).toEqual([]);
  });
});

describe('determinism and errors', () => {
  it('keeps MLM rows only for tokens at the threshold, with the same findings as keeping them all', async () => {
    const model = await getModel(MODEL_DIR);
    const pre = lex(loop('<='), lexLanguage('javascript'));
    const all = await scorePreTokens(model, pre, { language: 'javascript' });
    const kept = await scorePreTokens(model, pre, { language: 'javascript', keepLogitsFrom: 0.5 });
    expect(all.scores.filter((s) => s.logits).length).toBeGreaterThan(kept.scores.filter((s) => s.logits).length);
    kept.scores.forEach((s, i) => {
      expect(s.score).toBe(all.scores[i]!.score);
      if (s.logits) expect(s.score).toBeGreaterThanOrEqual(0.5);
      if (all.scores[i]!.logits && s.score >= 0.5) expect(s.logits).toEqual(all.scores[i]!.logits);
    });
  });

  it('scores tokens named like Object.prototype members (toString, constructor, __proto__) as numbers', async () => {
    const text =
      'class Box {\n  constructor(v) {\n    this.v = v;\n  }\n  toString() {\n    return String(this.v).valueOf();\n  }\n}\n' +
      'const o = { __proto__: null, hasOwnProperty: 1, isPrototypeOf: 2 };\nexport { Box, o };\n';
    const model = await getModel(MODEL_DIR);
    const scored = await scorePreTokens(model, lex(text, lexLanguage('javascript')), { language: 'javascript' });
    for (const s of scored.scores) expect(Number.isFinite(s.score), JSON.stringify(s.score)).toBe(true);
    const findings = await neuralFindings(await parse(text, 'javascript'), { modelDir: MODEL_DIR, threshold: 0 });
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) expect(Number.isFinite(f.confidence)).toBe(true);
  });

  it('gives identical findings for the same input (fixed threads, rounded confidences)', async () => {
    const file = await parse(loop('<='), 'javascript');
    const a = await neuralFindings(file, { modelDir: MODEL_DIR, threshold: 0.5 });
    const b = await neuralFindings(file, { modelDir: MODEL_DIR, threshold: 0.5 });
    expect(a.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
    for (const f of a) expect(Math.round(f.confidence * 100) / 100).toBe(f.confidence);
  });

  it('identifies the model by its bytes and manifest, so a model replaced in place changes cache keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'toasty-neural-'));
    temps.push(dir);
    for (const f of ['manifest.json', 'toasty-rtd-small.vocab.json', 'toasty-rtd-small.onnx'])
      copyFileSync(join(MODEL_DIR, f), join(dir, f));
    const bundled = neuralIdentity(MODEL_DIR);
    expect(bundled).toMatch(/^[0-9a-f]{16}$/);
    expect(neuralIdentity(dir)).toBe(bundled);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { thresholds: Record<string, number> };
    manifest.thresholds.python = 0.5;
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    const retuned = neuralIdentity(dir);
    expect(retuned).not.toBe(bundled);
    const onnx = readFileSync(join(dir, 'toasty-rtd-small.onnx'));
    onnx.writeUInt8(onnx.readUInt8(onnx.length - 1) ^ 1, onnx.length - 1);
    writeFileSync(join(dir, 'toasty-rtd-small.onnx'), onnx);
    expect(neuralIdentity(dir)).not.toBe(retuned);
    rmSync(join(dir, 'toasty-rtd-small.onnx'));
    expect(neuralIdentity(dir)).not.toBe(retuned);
  });

  it('throws NeuralUnavailableError when the model folder is empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'toasty-neural-'));
    temps.push(dir);
    await expect(neuralFindings(await parse('x = 1\n', 'python'), { modelDir: dir })).rejects.toBeInstanceOf(NeuralUnavailableError);
  });

  it('throws NeuralUnavailableError when the .onnx file is broken', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'toasty-neural-'));
    temps.push(dir);
    for (const f of ['manifest.json', 'toasty-rtd-small.vocab.json']) copyFileSync(join(MODEL_DIR, f), join(dir, f));
    writeFileSync(join(dir, 'toasty-rtd-small.onnx'), 'not a model');
    const error = await neuralFindings(await parse('x = 1\n', 'python'), { modelDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NeuralUnavailableError);
    expect((error as Error).message).toMatch(/cannot load the model/);
  });
});
