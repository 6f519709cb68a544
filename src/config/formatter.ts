/**
 * The line length the project's formatter keeps, per language, for rules whose option follows it
 * (`meta.lineLengthOption`, e.g. long-line's `max`) when the toasty config does not set it.
 *
 * Searched from the project's folder (the config's folder, else the working directory) upward,
 * the nearest setting winning, as the formatters themselves search:
 * - Python: `ruff.toml` / `.ruff.toml` `line-length`, then `pyproject.toml` `[tool.ruff]`
 *   `line-length`, then `[tool.black]` `line-length` (the first folder that sets one wins);
 * - JavaScript/TypeScript: Prettier's `printWidth` from the nearest Prettier config (`.prettierrc`,
 *   `.prettierrc.json|yaml|yml|toml`, `package.json` `"prettier"`), its `overrides` included;
 * - either, when its formatter sets nothing: `.editorconfig` `max_line_length` for `*.py` /
 *   `*.js` / `*.ts` (nearer files over farther ones, up to `root = true`), as Prettier falls back to it.
 * A formatter's own setting beats `.editorconfig` whatever their distance (Prettier reads
 * `.editorconfig` only when its own config has no `printWidth`). Only explicit settings count: a
 * formatter's built-in default (Black's 88, Prettier's 80) is not assumed. Unreadable or
 * JavaScript config files (`prettier.config.js`) are skipped.
 */
import { existsSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import picomatch from 'picomatch';
import { yamlLib } from '../util/yaml-lib.js';
import type { Language } from '../model/types.js';
import { readRegularFile } from '../util/read-regular.js';

export interface LineLength {
  max: number;
  /** Which setting won, e.g. `Prettier printWidth in .prettierrc.json`. */
  source: string;
}

export type LineLengths = Partial<Record<Language, LineLength>>;

const LANGUAGES: readonly Language[] = ['python', 'javascript', 'typescript'];
/** The file name a language's settings are matched with (`[*.py]`, `overrides: [{ files: '*.ts' }]`). */
const SAMPLE: Record<Language, string> = { python: 'x.py', javascript: 'x.js', typescript: 'x.ts' };
const MAX_BYTES = 1024 * 1024;

/**
 * `dir`/`name` for an absolute, normalized `dir` (every folder here comes from `dirname` of the
 * resolved root): a string join, not path.join's normalizing, which the ~60 candidate names this
 * search tries per folder level made ~2 ms of a one-file grade (issue 19).
 */
function at(dir: string, name: string): string {
  return dir.endsWith(sep) ? `${dir}${name}` : `${dir}${sep}${name}`;
}

function read(path: string): string | null {
  try {
    return existsSync(path) ? readRegularFile(path, { maxBytes: MAX_BYTES }).toString('utf8') : null;
  } catch {
    return null;
  }
}

function positive(value: unknown): number | null {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : null;
}

/** Integer keys of the tables of a TOML file (`{ 'tool.ruff': { 'line-length': 100 } }`; '' is the top level). */
export function tomlIntegers(text: string): Map<string, Map<string, number>> {
  const tables = new Map<string, Map<string, number>>();
  let table = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, '').trim();
    const header = /^\[\s*([^[\]]+?)\s*\]$/.exec(line);
    if (header) {
      table = header[1]!.replace(/\s*\.\s*/g, '.').replace(/"/g, '');
      continue;
    }
    if (line.startsWith('[[')) {
      table = '\u0000array';
      continue;
    }
    const kv = /^"?([\w.-]+)"?\s*=\s*(\d[\d_]*)$/.exec(line);
    if (!kv) continue;
    if (!tables.has(table)) tables.set(table, new Map());
    tables.get(table)!.set(kv[1]!, Number(kv[2]!.replace(/_/g, '')));
  }
  return tables;
}

function shown(root: string, path: string): string {
  return relative(root, path).split(sep).join('/') || path;
}

/** The Python formatter's line length in one folder, or null. */
function pythonIn(dir: string, root: string): LineLength | null {
  for (const name of ['.ruff.toml', 'ruff.toml']) {
    const text = read(at(dir, name));
    const max = text === null ? null : positive(tomlIntegers(text).get('')?.get('line-length'));
    if (max) return { max, source: `Ruff line-length in ${shown(root, at(dir, name))}` };
  }
  const text = read(at(dir, 'pyproject.toml'));
  if (text === null) return null;
  const tables = tomlIntegers(text);
  for (const [tool, label] of [
    ['ruff', 'Ruff'],
    ['black', 'Black'],
  ] as const) {
    const max = positive(tables.get(`tool.${tool}`)?.get('line-length'));
    if (max) return { max, source: `${label} line-length ([tool.${tool}]) in ${shown(root, at(dir, 'pyproject.toml'))}` };
  }
  return null;
}

interface PrettierConfig {
  printWidth?: unknown;
  overrides?: { files?: unknown; excludeFiles?: unknown; options?: { printWidth?: unknown } }[];
}

/** The nearest Prettier config in one folder: its contents, or undefined when there is none. */
function prettierConfigIn(dir: string): { file: string; config: PrettierConfig | null } | undefined {
  const pkg = read(at(dir, 'package.json'));
  if (pkg !== null) {
    try {
      const data = JSON.parse(pkg) as { prettier?: unknown };
      if (data.prettier !== undefined)
        return { file: at(dir, 'package.json'), config: typeof data.prettier === 'object' ? (data.prettier as PrettierConfig) : null };
    } catch {
      // not JSON: not a Prettier config either
    }
  }
  for (const name of ['.prettierrc', '.prettierrc.json', '.prettierrc.yaml', '.prettierrc.yml', '.prettierrc.json5', '.prettierrc.toml']) {
    const text = read(at(dir, name));
    if (text === null) continue;
    let config: PrettierConfig | null = null;
    try {
      if (name.endsWith('.toml')) {
        const width = tomlIntegers(text).get('')?.get('printWidth');
        config = width === undefined ? {} : { printWidth: width };
      } else {
        const data: unknown = yamlLib().parse(text, { maxAliasCount: 100 });
        config = data && typeof data === 'object' ? (data as PrettierConfig) : null;
      }
    } catch {
      config = null;
    }
    return { file: at(dir, name), config };
  }
  for (const name of [
    '.prettierrc.js',
    '.prettierrc.cjs',
    '.prettierrc.mjs',
    '.prettierrc.ts',
    'prettier.config.js',
    'prettier.config.cjs',
    'prettier.config.mjs',
    'prettier.config.ts',
  ])
    if (existsSync(at(dir, name))) return { file: at(dir, name), config: null };
  return undefined;
}

function globs(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}

function matchesSample(patterns: string[], sample: string): boolean {
  // Prettier matches `files` against the path with matchBase: a pattern without '/' matches the file name.
  return patterns.some((p) => picomatch.isMatch(sample, p.includes('/') ? p.replace(/^(\*\*\/)+/, '') : p, { dot: true }));
}

function prettierWidth(config: PrettierConfig, sample: string): number | null {
  let width = positive(config.printWidth);
  for (const o of Array.isArray(config.overrides) ? config.overrides : []) {
    if (!o || typeof o !== 'object' || !matchesSample(globs(o.files), sample) || matchesSample(globs(o.excludeFiles), sample)) continue;
    width = positive(o.options?.printWidth) ?? width;
  }
  return width;
}

/** `.editorconfig` sections in order, with their max_line_length (null: `off` or unset), and whether the file is `root = true`. */
function editorconfig(text: string): { root: boolean; sections: { glob: string; max: number | null | undefined }[] } {
  let root = false;
  const sections: { glob: string; max: number | null | undefined }[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      sections.push({ glob: header[1]!, max: undefined });
      continue;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*?)\s*$/.exec(line);
    if (!kv) continue;
    const key = kv[1]!.toLowerCase();
    const value = kv[2]!.toLowerCase();
    const section = sections.at(-1);
    if (!section && key === 'root') root = value === 'true';
    else if (section && key === 'max_line_length') section.max = value === 'off' ? null : positive(value);
  }
  return { root, sections };
}

/** Each folder's `.editorconfig`, parsed (null: none), read once for the three languages' searches. */
type EditorconfigReader = (path: string) => ReturnType<typeof editorconfig> | null;

function editorconfigReader(): EditorconfigReader {
  const seen = new Map<string, ReturnType<typeof editorconfig> | null>();
  return (path) => {
    let parsed = seen.get(path);
    if (parsed === undefined) {
      const text = read(path);
      parsed = text === null ? null : editorconfig(text);
      seen.set(path, parsed);
    }
    return parsed;
  };
}

/** `.editorconfig` max_line_length for a language's files, from `dir` upward: the nearest file that sets it wins. */
function editorconfigWidth(start: string, root: string, sample: string, readEditorconfig: EditorconfigReader): LineLength | null {
  for (let dir = start; ; dir = dirname(dir)) {
    const path = at(dir, '.editorconfig');
    const parsed = readEditorconfig(path);
    if (parsed !== null) {
      let found: number | null | undefined;
      for (const s of parsed.sections) {
        // A glob with '/' names paths under that folder: the project-wide answer cannot use it.
        if (s.max === undefined || s.glob.includes('/')) continue;
        if (picomatch.isMatch(sample, s.glob, { dot: true })) found = s.max;
      }
      if (found !== undefined)
        return found === null ? null : { max: found, source: `.editorconfig max_line_length in ${shown(root, path)}` };
      if (parsed.root) return null;
    }
    if (dirname(dir) === dir) return null;
  }
}

/** The formatter line length per language for a project rooted at `root` (see the module comment). */
export function formatterLineLengths(root: string): LineLengths {
  const out: LineLengths = {};
  const readEditorconfig = editorconfigReader();
  let python: LineLength | null = null;
  let prettier: { file: string; config: PrettierConfig | null } | undefined;
  for (let dir = root; ; dir = dirname(dir)) {
    python ??= pythonIn(dir, root);
    prettier ??= prettierConfigIn(dir);
    if (dirname(dir) === dir) break;
  }
  for (const language of LANGUAGES) {
    const sample = SAMPLE[language];
    if (language === 'python' && python) out.python = python;
    if (language !== 'python' && prettier?.config) {
      const max = prettierWidth(prettier.config, sample);
      if (max) out[language] = { max, source: `Prettier printWidth in ${shown(root, prettier.file)}` };
    }
    out[language] ??= editorconfigWidth(root, root, sample, readEditorconfig) ?? undefined;
    if (out[language] === undefined) delete out[language];
  }
  return out;
}
