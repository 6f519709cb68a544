import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FLAT_ADDON } from '../../src/languages/python/flat-parse.js';
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

  it('stamps what parses Python by content: toasty’s addons, tree-sitter-python’s grammar and node-tree-sitter', () => {
    const release = join(root, 'native', 'python-flat', 'build', 'Release');
    mkdirSync(join(release, 'obj.target'), { recursive: true });
    writeFileSync(join(release, 'toasty_python_flat.node'), 'addon 1');
    writeFileSync(join(release, 'obj.target', 'toasty_python_flat.node'), 'intermediate');
    const grammar = join(root, 'node_modules', 'tree-sitter-python');
    const prebuilds = join(grammar, 'prebuilds', `${process.platform}-${process.arch}`);
    mkdirSync(prebuilds, { recursive: true });
    writeFileSync(join(grammar, 'package.json'), '{"name":"tree-sitter-python","version":"0.25.0"}');
    writeFileSync(join(prebuilds, 'tree-sitter-python.node'), 'grammar 1');
    mkdirSync(join(root, 'node_modules', 'tree-sitter'));
    writeFileSync(join(root, 'node_modules', 'tree-sitter', 'package.json'), '{"name":"tree-sitter","version":"0.25.1"}');
    const parts = codeStampParts(code, root);
    expect(parts.map((p) => p.split(':')[0])).toEqual([
      'run.js',
      'toasty_python_flat.node',
      'tree-sitter-python/package.json',
      `tree-sitter-python/prebuilds/${process.platform}-${process.arch}/tree-sitter-python.node`,
      'tree-sitter/package.json',
      'pack.yaml',
      'model.onnx',
    ]);
    writeCodeStamp(code, root);
    expect(codeStampParts(code, root)).toEqual(parts);
    const later = new Date(Date.now() + 60_000);
    // The same size, a later time: a reinstalled grammar of another build.
    for (const [file, text] of [
      [join(prebuilds, 'tree-sitter-python.node'), 'grammar 2'],
      [join(release, 'toasty_python_flat.node'), 'addon 2'],
      [join(grammar, 'package.json'), '{"name":"tree-sitter-python","version":"0.25.1"}'],
    ] as const) {
      const before = codeStampParts(code, root);
      writeFileSync(file, text);
      utimesSync(file, later, later);
      expect(codeStampParts(code, root)).not.toEqual(before);
    }
    // A grammar built from source is the one flat-parse.ts loads first: stamped too.
    mkdirSync(join(grammar, 'build', 'Release'), { recursive: true });
    writeFileSync(join(grammar, 'build', 'Release', 'tree_sitter_python_binding.node'), 'built');
    expect(codeStampParts(code, root).some((p) => p.startsWith('tree-sitter-python/build/Release/tree_sitter_python_binding.node:'))).toBe(
      true,
    );
  });

  it('covers the grammar and the parse addon this package runs with', () => {
    const names = codeStampParts().map((p) => p.split(':')[0]!);
    expect(names).toContain('tree-sitter-python/package.json');
    expect(names).toContain('tree-sitter/package.json');
    expect(names.some((n) => n.startsWith('tree-sitter-python/') && n.endsWith('.node'))).toBe(true);
    if (existsSync(FLAT_ADDON)) expect(names).toContain('toasty_python_flat.node');
  });

  it('gives the same parts for the code folder with or without a trailing separator', () => {
    expect(codeStampParts(`${code}/`, root)).toEqual(codeStampParts(code, root));
  });
});
