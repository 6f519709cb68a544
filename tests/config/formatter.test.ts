import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatterLineLengths, tomlIntegers } from '../../src/config/formatter.js';
import { resolveConfig } from '../../src/config/resolve.js';
import type { RunResult } from '../../src/model/results.js';
import { toasty } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

// long-line's `max`, when the config does not set it, follows the project's formatter (issue 18, item 5).
const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'tests/fixtures/formatter');

/** `path:line message` of every long-line finding of `toasty grade .` in `dir`. */
function longLines(dir: string): string[] {
  const r = toasty(['grade', '.', '--format', 'json'], dir);
  expect(r.stderr).not.toContain('Error');
  const result = JSON.parse(r.stdout) as RunResult;
  return result.files
    .flatMap((f) => f.findings.filter((x) => x.ruleId === 'long-line').map((x) => `${f.path}:${x.line} ${x.message}`))
    .sort();
}

/** A line of exactly `n` characters that long-line reports (several words, not a lone string). */
function codeLine(n: number): string {
  const head = 'total = alpha + beta + gamma + ';
  return head + 'x'.repeat(n - head.length - 1) + ';';
}

describe('real projects: the formatter setting is the max, and the message says which setting won', () => {
  it('Prettier printWidth, with an override for *.ts', () => {
    expect(longLines(join(FIXTURES, 'prettier'))).toEqual([
      'src/app.js:4 Line is 130 characters long (max 120: Prettier printWidth in .prettierrc.json).',
      'src/app.ts:2 Line is 95 characters long (max 90: Prettier printWidth in .prettierrc.json).',
    ]);
  });

  it('pyproject.toml with [tool.ruff] and [tool.black]: Ruff wins', () => {
    expect(longLines(join(FIXTURES, 'python-tools'))).toEqual([
      'app.py:2 Line is 85 characters long (max 79: Ruff line-length ([tool.ruff]) in pyproject.toml).',
    ]);
  });

  it('pyproject.toml with [tool.black] only', () => {
    expect(longLines(join(FIXTURES, 'black'))).toEqual([
      'app.py:4 Line is 95 characters long (max 88: Black line-length ([tool.black]) in pyproject.toml).',
    ]);
  });

  it('.editorconfig per file type; for JavaScript the Prettier config found above (this repository, printWidth 140) beats it', () => {
    expect(longLines(join(FIXTURES, 'editorconfig'))).toEqual([
      'app.py:2 Line is 76 characters long (max 72: .editorconfig max_line_length in .editorconfig).',
    ]);
    const config = resolveConfig(join(FIXTURES, 'editorconfig', '.toastyrc.json'), {}, ROOT);
    expect(config.lineLength).toEqual({
      python: { max: 72, source: '.editorconfig max_line_length in .editorconfig' },
      javascript: { max: 140, source: 'Prettier printWidth in ../../../../.prettierrc.json' },
      typescript: { max: 140, source: 'Prettier printWidth in ../../../../.prettierrc.json' },
    });
  });

  it("this repository's own source is graded at its Prettier printWidth, 140", () => {
    const config = resolveConfig(null, {}, ROOT);
    expect(config.lineLength.typescript).toEqual({ max: 140, source: 'Prettier printWidth in .prettierrc.json' });
    expect(config.lineLength.python).toBeUndefined();
  });
});

describe('the config still decides first', () => {
  it('a max in the config beats the formatter; without it the formatter beats the default 100', () => {
    const line = codeLine(150);
    const t = tempTree({
      '.prettierrc.json': '{ "printWidth": 60 }\n',
      '.toastyrc.json': JSON.stringify({ rules: { 'long-line': { severity: 'warning', options: { max: 200 } } } }),
      'a.js': `const a = 1;\n${line}\n`,
      'short.js': `${codeLine(80)}\n`,
    });
    try {
      expect(longLines(t.dir)).toEqual([]);
      writeFileSync(join(t.dir, '.toastyrc.json'), JSON.stringify({ rules: { 'long-line': 'warning' } }));
      expect(longLines(t.dir)).toEqual([
        'a.js:2 Line is 150 characters long (max 60: Prettier printWidth in .prettierrc.json).',
        'short.js:1 Line is 80 characters long (max 60: Prettier printWidth in .prettierrc.json).',
      ]);
      // An edited formatter config is not answered from the cache of the run before.
      writeFileSync(join(t.dir, '.prettierrc.json'), '{ "printWidth": 100 }\n');
      expect(longLines(t.dir)).toEqual(['a.js:2 Line is 150 characters long (max 100: Prettier printWidth in .prettierrc.json).']);
      // No formatter setting at all: the rule's default 100, and the message as before.
      writeFileSync(join(t.dir, '.prettierrc.json'), '{ "semi": false }\n');
      expect(longLines(t.dir)).toEqual(['a.js:2 Line is 150 characters long (max 100).']);
    } finally {
      t.remove();
    }
  });
});

describe('which setting wins (formatterLineLengths)', () => {
  it('.editorconfig: the nearer file wins, sections by file type, `off` unsets, `root = true` stops the search', () => {
    const t = tempTree({
      '.editorconfig': '[*]\nmax_line_length = 50\n',
      'mono/.editorconfig': 'root = true\n[*]\nmax_line_length = 100\n[*.{js,ts}]\nmax_line_length = 110\n',
      'mono/pkg/.editorconfig': '[*.py]\nmax_line_length = 60\n[*.ts]\nmax_line_length = off\n[lib/**.js]\nmax_line_length = 20\n',
    });
    try {
      expect(formatterLineLengths(join(t.dir, 'mono/pkg'))).toEqual({
        python: { max: 60, source: '.editorconfig max_line_length in .editorconfig' },
        javascript: { max: 110, source: '.editorconfig max_line_length in ../.editorconfig' },
      });
    } finally {
      t.remove();
    }
  });

  it('Prettier: the nearest config wins (package.json "prettier", YAML .prettierrc); a JavaScript config is not run, so .editorconfig applies', () => {
    const t = tempTree({
      '.prettierrc': 'printWidth: 70\n',
      'a/package.json': JSON.stringify({ name: 'a', prettier: { printWidth: 130 } }),
      'a/b/package.json': JSON.stringify({ name: 'b' }),
      'c/prettier.config.js': 'export default { printWidth: 10 };\n',
      'c/.editorconfig': '[*]\nmax_line_length = 99\n',
    });
    try {
      expect(formatterLineLengths(join(t.dir, 'a/b')).javascript).toEqual({ max: 130, source: 'Prettier printWidth in ../package.json' });
      expect(formatterLineLengths(t.dir).typescript).toEqual({ max: 70, source: 'Prettier printWidth in .prettierrc' });
      expect(formatterLineLengths(join(t.dir, 'c')).javascript).toEqual({
        max: 99,
        source: '.editorconfig max_line_length in .editorconfig',
      });
    } finally {
      t.remove();
    }
  });

  it('Python: ruff.toml over pyproject.toml in one folder; a nearer folder over a farther one', () => {
    const t = tempTree({
      'ruff.toml': 'line-length = 120\n',
      'pyproject.toml': '[tool.ruff]\nline-length = 90\n',
      'sub/pyproject.toml': '[tool.black]\nline-length = 70\n',
      'sub/deeper/pyproject.toml': '[tool.poetry]\nname = "x"\n',
    });
    try {
      expect(formatterLineLengths(t.dir).python).toEqual({ max: 120, source: 'Ruff line-length in ruff.toml' });
      expect(formatterLineLengths(join(t.dir, 'sub/deeper')).python).toEqual({
        max: 70,
        source: 'Black line-length ([tool.black]) in ../pyproject.toml',
      });
    } finally {
      t.remove();
    }
  });

  it('reads TOML tables and integer keys, ignoring comments, quoted keys and arrays of tables', () => {
    const tables = tomlIntegers(
      'line-length = 1_20 # top\n[tool . ruff]\n"line-length" = 99\n[[tool.x]]\nline-length = 5\n[tool.black]\nline-length = "88"\n',
    );
    expect(tables.get('')?.get('line-length')).toBe(120);
    expect(tables.get('tool.ruff')?.get('line-length')).toBe(99);
    expect(tables.get('tool.black')?.get('line-length')).toBeUndefined();
  });
});
