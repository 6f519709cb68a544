import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { modelInfoCommand } from '../../src/cli/commands/model.js';

function capture(fn: () => number): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    return { code: fn(), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('toasty model info', () => {
  it('prints name, size, vocabulary, corpus and metrics of the bundled model', () => {
    const { code, out } = capture(() => modelInfoCommand());
    expect(code).toBe(0);
    expect(out).toMatch(/^toasty-rtd-small {2}\d+\.\d\d MB /);
    expect(out).toContain('tokenizer: sentencepiece-bpe, 8,000 pieces');
    expect(out).toContain('architecture: type pre-LayerNorm RoBERTa-style encoder, layers 4, hidden 256, heads 4, ffn 1,024');
    expect(out).toMatch(/corpus python: 452 files, 213,585 lines trained; 45 files held out/);
    expect(out).toMatch(/thresholds: python 0\.\d+, javascript 0\.\d+, typescript 0\.\d+/);
    expect(out).toContain('planted bugs python');
  });

  it('prints JSON with --format json', () => {
    const { code, out } = capture(() => modelInfoCommand({ format: 'json' }));
    expect(code).toBe(0);
    const info = JSON.parse(out) as { name: string; bytes: number; tokenizer: { vocabSize: number } };
    expect(info.name).toBe('toasty-rtd-small');
    expect(info.bytes).toBeGreaterThan(1_000_000);
    expect(info.bytes).toBeLessThanOrEqual(10_000_000);
    expect(info.tokenizer.vocabSize).toBe(8000);
  });

  it('fails with a clear message when the model is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'toasty-model-'));
    try {
      const { code, err } = capture(() => modelInfoCommand({ modelDir: dir }));
      expect(code).toBe(1);
      expect(err).toMatch(/the neural model is unavailable: no model manifest at/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
