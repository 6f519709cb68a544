import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeStampParts, writeCodeStamp } from '../../src/store/cache-key.js';

describe('the code stamp of the result cache', () => {
  let root: string;
  let code: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'toasty-stamp-'));
    code = join(root, 'dist');
    mkdirSync(join(code, 'engine'), { recursive: true });
    mkdirSync(join(root, 'rules'));
    mkdirSync(join(root, 'models'));
    writeFileSync(join(code, 'engine', 'run.js'), 'export const a = 1;\n');
    writeFileSync(join(code, 'engine', 'run.d.ts'), 'export declare const a: number;\n');
    writeFileSync(join(code, 'engine', 'run.js.map'), '{}');
    writeFileSync(join(root, 'rules', 'pack.yaml'), 'rules: []\n');
    writeFileSync(join(root, 'models', 'model.onnx'), 'weights');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('hashes the code and rule packs by content, the models by size and time, and skips maps and declarations', () => {
    const parts = codeStampParts(code, root);
    expect(parts).toHaveLength(3);
    expect(parts[0]).toMatch(/^run\.js:[0-9a-f]{40}$/);
    expect(parts[1]).toMatch(/^pack\.yaml:[0-9a-f]{40}$/);
    expect(parts[2]).toMatch(/^model\.onnx:7:\d+$/);
  });

  it('reads the stamp the build wrote while the files are unchanged, and gives the same parts', () => {
    const fresh = codeStampParts(code, root);
    writeCodeStamp(code, root);
    expect(codeStampParts(code, root)).toEqual(fresh);
    // An identical rebuild (same content, newer times) still gives the same stamp: the cache is kept.
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(code, 'engine', 'run.js'), later, later);
    expect(codeStampParts(code, root)).toEqual(fresh);
  });

  it('misses when a file changes after the build, even with the same size', () => {
    writeCodeStamp(code, root);
    const before = codeStampParts(code, root);
    writeFileSync(join(code, 'engine', 'run.js'), 'export const a = 2;\n');
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(code, 'engine', 'run.js'), later, later);
    expect(codeStampParts(code, root)).not.toEqual(before);
  });

  it('misses when a file is added after the build', () => {
    writeCodeStamp(code, root);
    const before = codeStampParts(code, root);
    writeFileSync(join(code, 'engine', 'extra.js'), 'export {};\n');
    expect(codeStampParts(code, root)).not.toEqual(before);
  });

  it('stamps what grading reads of the rule packs: their YAML, not their fixtures or snapshots', () => {
    mkdirSync(join(root, 'rules', 'python'));
    writeFileSync(join(root, 'rules', 'python', 'x.yml'), 'rules: []\n');
    writeFileSync(join(root, 'rules', 'python', 'x.py'), 'print(1)\n');
    writeFileSync(join(root, 'rules', 'python', 'x.py.snap'), '[]\n');
    const parts = codeStampParts(code, root);
    expect(parts.map((p) => p.split(':')[0])).toEqual(['run.js', 'pack.yaml', 'x.yml', 'model.onnx']);
    writeFileSync(join(root, 'rules', 'python', 'x.py'), 'print(2)\n');
    expect(codeStampParts(code, root)).toEqual(parts);
    writeFileSync(join(root, 'rules', 'python', 'x.yml'), 'rules: [ ]\n');
    expect(codeStampParts(code, root)).not.toEqual(parts);
  });

  it('stamps the build’s copy of @babel/parser (dist/vendor/) by content, also when the code is the bundle beside it', () => {
    mkdirSync(join(code, 'vendor'));
    mkdirSync(join(code, 'bundle'));
    writeFileSync(join(code, 'bundle', 'main.js'), 'export {};\n');
    writeFileSync(join(code, 'vendor', 'babel-parser.cjs'), 'exports.parse = 1;\n');
    const bundled = codeStampParts(join(code, 'bundle'), root);
    expect(bundled.map((p) => p.split(':')[0])).toEqual(['main.js', 'babel-parser.cjs', 'pack.yaml', 'model.onnx']);
    // dist/ as the code folder holds it already: stamped once.
    expect(codeStampParts(code, root).filter((p) => p.startsWith('babel-parser.cjs:'))).toHaveLength(1);
    writeCodeStamp(join(code, 'bundle'), root);
    writeFileSync(join(code, 'vendor', 'babel-parser.cjs'), 'exports.parse = 2;\n');
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(code, 'vendor', 'babel-parser.cjs'), later, later);
    expect(codeStampParts(join(code, 'bundle'), root)).not.toEqual(bundled);
  });

  it('gives the same parts for the code folder with or without a trailing separator', () => {
    expect(codeStampParts(`${code}/`, root)).toEqual(codeStampParts(code, root));
  });
});
