import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.js';
import { languageFromShebang } from '../../src/discovery/language.js';
import { discoverFiles } from '../../src/discovery/walk.js';
import { tempTree } from '../helpers/tmp.js';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

function discover(files: Record<string, string | Buffer>, user = {}, setup?: (dir: string) => void) {
  const t = tempTree(files);
  cleanup = t.remove;
  setup?.(t.dir);
  const config = resolveConfig(null, user, t.dir);
  return discoverFiles(['.'], t.dir, config);
}

describe('discoverFiles', () => {
  it('finds every supported extension, sorted by path, with languages', () => {
    const found = discover({
      'b.py': 'x = 1\n',
      'a.ts': 'let a = 1;\n',
      'c/d.jsx': 'const d = <div/>;\n',
      'c/e.mts': '',
      'c/f.cjs': '',
      'stub.pyi': '',
      'README.md': '# no',
    });
    expect(found.map((f) => [f.path, f.language])).toEqual([
      ['a.ts', 'typescript'],
      ['b.py', 'python'],
      ['c/d.jsx', 'javascript'],
      ['c/e.mts', 'typescript'],
      ['c/f.cjs', 'javascript'],
      ['stub.pyi', 'python'],
    ]);
  });

  it('skips node_modules, .git, dist, build and virtualenvs by default', () => {
    const found = discover({
      'src/a.py': '',
      'node_modules/x/i.js': '',
      '.git/hooks/h.py': '',
      'dist/o.js': '',
      'build/b.py': '',
      'env1/pyvenv.cfg': 'home = /usr',
      'env1/lib/m.py': '',
    });
    expect(found.map((f) => f.path)).toEqual(['src/a.py']);
  });

  it('honours .gitignore files at the root and in subfolders, including those of the enclosing repo', () => {
    const found = discover(
      {
        '.gitignore': 'gen/\n*.generated.ts\n',
        'sub/.gitignore': 'local.py\n',
        'gen/g.py': '',
        'a.generated.ts': '',
        'sub/local.py': '',
        'sub/kept.py': '',
        'kept.ts': '',
      },
      {},
      (dir) => mkdirSync(join(dir, '.git')),
    );
    expect(found.map((f) => f.path)).toEqual(['kept.ts', 'sub/kept.py']);
  });

  it('applies include and exclude globs', () => {
    const found = discover({ 'src/a.py': '', 'src/a_test.py': '', 'tools/t.py': '' }, { include: ['src/**'], exclude: ['**/*_test.py'] });
    expect(found.map((f) => f.path)).toEqual(['src/a.py']);
  });

  it('marks files over maxFileSize as skipped with the reason', () => {
    const found = discover({ 'big.py': 'x = 1\n'.repeat(100), 'small.py': 'x = 1\n' }, { maxFileSize: 100 });
    expect(found[0]!.skipReason).toMatch(/too large: 600 B > 100 B/);
    expect(found[1]!.skipReason).toBeNull();
  });

  it('detects language by shebang for files without an extension', () => {
    const found = discover({ 'bin/tool': '#!/usr/bin/env python3\nprint(1)\n', 'bin/run': '#!/usr/bin/env node\n', 'bin/data': 'plain' });
    expect(found.map((f) => [f.path, f.language])).toEqual([
      ['bin/run', 'javascript'],
      ['bin/tool', 'python'],
    ]);
    expect(languageFromShebang('#!/usr/bin/python3.11')).toBe('python');
    expect(languageFromShebang('#!/bin/sh')).toBeNull();
  });

  it('terminates on symlink loops and does not grade a file twice through a link', () => {
    const found = discover({ 'a/x.py': 'x = 1\n' }, {}, (dir) => {
      symlinkSync(join(dir, 'a'), join(dir, 'a', 'loop'));
      symlinkSync(join(dir, 'a'), join(dir, 'b'));
    });
    expect(found.map((f) => f.path)).toEqual(['a/x.py']);
  });

  it('never opens FIFOs: in a folder they are passed over, named on the command line they are reported', () => {
    const t = tempTree({ 'a.py': 'x = 1\n' });
    cleanup = t.remove;
    execFileSync('mkfifo', [join(t.dir, 'pipe.py')]);
    const config = resolveConfig(null, {}, t.dir);
    expect(discoverFiles(['.'], t.dir, config).map((f) => f.path)).toEqual(['a.py']);
    const named = discoverFiles(['pipe.py'], t.dir, config);
    expect(named).toEqual([expect.objectContaining({ path: 'pipe.py', skipReason: 'not a regular file (a FIFO, socket or device)' })]);
  });

  it('rejects a missing path with a usage error', () => {
    const t = tempTree({});
    cleanup = t.remove;
    expect(() => discoverFiles(['nope/'], t.dir, resolveConfig(null, {}, t.dir))).toThrow(/path not found: nope/);
  });
});
