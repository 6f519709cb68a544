import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.js';
import { languageFromShebang } from '../../src/discovery/language.js';
import { discoverFiles, OUTSIDE_ROOTS_REASON } from '../../src/discovery/walk.js';
import { RuleResolver } from '../../src/engine/active-rules.js';
import { gradeFile } from '../../src/engine/grade-file.js';
import { BUILTIN_RULES } from '../../src/rules/index.js';
import { tempTree } from '../helpers/tmp.js';

/** Every temporary tree a test made (one test may make several), removed after it. */
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const remove of cleanups.splice(0)) remove();
});

function discover(files: Record<string, string | Buffer>, user = {}, setup?: (dir: string) => void) {
  const t = tempTree(files);
  cleanups.push(t.remove);
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

  it('walking a folder given through a link, a file reached both directly and through a link inside is listed once', () => {
    const t = tempTree({ 'tree/a/b/c.py': 'x = 1\n', 'tree/a/e.py': 'y = 2\n' });
    cleanups.push(t.remove);
    symlinkSync(join(t.dir, 'tree'), join(t.dir, 'via'));
    symlinkSync(join(t.dir, 'tree', 'a', 'b', 'c.py'), join(t.dir, 'tree', '0.py')); // walked first
    symlinkSync(join(t.dir, 'tree', 'a', 'b'), join(t.dir, 'tree', 'a', '0b')); // a folder link, walked first
    const found = discoverFiles(['via'], t.dir, resolveConfig(null, {}, t.dir));
    expect(found.map((f) => f.path)).toEqual(['via/0.py', 'via/a/e.py']);
  });

  it('follows links inside the graded folder, never one found while walking that leads outside it', () => {
    const outside = mkdtempSync(join(tmpdir(), 'toasty-outside-'));
    writeFileSync(join(outside, 'secret.py'), 'TOKEN = "s3cret"\n');
    mkdirSync(join(outside, 'lib'));
    writeFileSync(join(outside, 'lib', 'deep.py'), 'x = 1\n');
    try {
      const found = discover({ 'src/a.py': 'x = 1\n', 'src/node_modules/.keep': '' }, {}, (dir) => {
        symlinkSync(join(dir, 'src', 'a.py'), join(dir, 'inside.py'));
        symlinkSync(join(outside, 'secret.py'), join(dir, 'shadow.py'));
        symlinkSync(join(outside, 'lib'), join(dir, 'lib'));
        symlinkSync(join(outside, 'secret.py'), join(dir, 'notes.txt')); // not a source file: not listed
        symlinkSync(outside, join(dir, 'src', 'node_modules', 'pkg')); // in an ignored folder: not listed
      });
      expect(found.map((f) => [f.path, f.skipReason])).toEqual([
        ['inside.py', null],
        ['lib', OUTSIDE_ROOTS_REASON],
        ['shadow.py', OUTSIDE_ROOTS_REASON],
      ]);
      // Named on the command line, a link is the user's choice: followed.
      const t = tempTree({});
      const dir = t.dir;
      try {
        symlinkSync(join(outside, 'secret.py'), join(dir, 'mine.py'));
        const named = discoverFiles(['mine.py'], dir, resolveConfig(null, {}, dir));
        expect(named.map((f) => [f.path, f.language, f.skipReason])).toEqual([['mine.py', 'python', null]]);
      } finally {
        t.remove();
      }
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('reads the file it vetted: a link or FIFO swapped in after discovery is refused, never read', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'toasty-outside-'));
    writeFileSync(join(outside, 'secret.py'), 'def f(:\n    TOKEN_s3cret\n');
    try {
      const t = tempTree({ 'a.py': 'x = 1\n', 'b.py': 'y = 2\n', 'c.py': 'z = 3\n' });
      cleanups.push(t.remove);
      const config = resolveConfig(null, {}, t.dir);
      const files = discoverFiles(['.'], t.dir, config);
      rmSync(join(t.dir, 'a.py'));
      symlinkSync(join(outside, 'secret.py'), join(t.dir, 'a.py'));
      rmSync(join(t.dir, 'b.py'));
      execFileSync('mkfifo', [join(t.dir, 'b.py')]);
      writeFileSync(join(t.dir, 'c2.py'), 'z = 4\n'); // an editor's save: rename over the old file
      renameSync(join(t.dir, 'c2.py'), join(t.dir, 'c.py'));
      const resolver = new RuleResolver(BUILTIN_RULES, config);
      const results = await Promise.all(files.map((f) => gradeFile(f, 'run1', config, resolver)));
      expect(results.map(({ result }) => [result.path, result.status, result.skipReason, result.findings])).toEqual([
        ['a.py', 'skipped', 'unreadable: replaced since it was found (not read)', []],
        ['b.py', 'skipped', 'unreadable: not a regular file (a FIFO, socket or device)', []],
        ['c.py', 'skipped', 'unreadable: replaced since it was found (not read)', []],
      ]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('never opens FIFOs: in a folder they are passed over, named on the command line they are reported', () => {
    const t = tempTree({ 'a.py': 'x = 1\n' });
    cleanups.push(t.remove);
    execFileSync('mkfifo', [join(t.dir, 'pipe.py')]);
    const config = resolveConfig(null, {}, t.dir);
    expect(discoverFiles(['.'], t.dir, config).map((f) => f.path)).toEqual(['a.py']);
    const named = discoverFiles(['pipe.py'], t.dir, config);
    expect(named).toEqual([expect.objectContaining({ path: 'pipe.py', skipReason: 'not a regular file (a FIFO, socket or device)' })]);
  });

  it('rejects a missing path with a usage error', () => {
    const t = tempTree({});
    cleanups.push(t.remove);
    expect(() => discoverFiles(['nope/'], t.dir, resolveConfig(null, {}, t.dir))).toThrow(/path not found: nope/);
  });
});
