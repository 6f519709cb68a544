import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Loader } from 'cosmiconfig';
import { ConfigError } from '../errors.js';
import { displayPath } from '../util/paths.js';
import { jsonSyntaxError } from '../util/json-syntax.js';
import { parseLimitedYaml, readYamlText } from '../util/limited-yaml.js';
import { yamlLib } from '../util/yaml-lib.js';
import { explainSchemaErrors, schemaValidator } from '../util/schema.js';
import type { UserConfig } from './types.js';

export const SEARCH_PLACES = [
  'package.json',
  '.toastyrc',
  '.toastyrc.json',
  '.toastyrc.yaml',
  '.toastyrc.yml',
  '.toastyrc.js',
  '.toastyrc.cjs',
  '.toastyrc.mjs',
  'toasty.config.js',
  'toasty.config.mjs',
  'toasty.config.cjs',
  'toasty.config.ts',
];

export interface LoadedConfig {
  file: string | null;
  config: UserConfig;
}

const LIMITS_HINT = 'a config file must be a regular file of at most 1 MB, with at most 100 YAML alias expansions';

/** A problem at a line of a config file, in the rule files' `file:line:col message` style: exit 2. */
function configProblem(path: string, problem: { line: number; column: number; message: string }, hint = LIMITS_HINT): ConfigError {
  return new ConfigError(`${displayPath(path)}:${problem.line}:${problem.column} ${problem.message}`, path, null, hint);
}

/**
 * The config is read only when it is a regular file within the YAML size limit (a FIFO, a
 * device such as /dev/zero, or a folder named by --config is refused, never read).
 */
function vet(path: string): void {
  const read = readYamlText(path, 'config file');
  if ('problem' in read) throw configProblem(path, read.problem);
}

/**
 * The files cosmiconfig's project search may read, from `cwd` up to the first folder with a
 * package.json; false when there is none, so the search (and cosmiconfig) can be skipped.
 */
function vetSearchPlaces(cwd: string): boolean {
  let any = false;
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const place of SEARCH_PLACES) {
      const path = join(dir, place);
      if (existsSync(path)) {
        vet(path);
        any = true;
      }
    }
    if (existsSync(join(dir, 'package.json')) || dirname(dir) === dir) return any;
  }
}

/** cosmiconfig and the code frame load only when there is a config file to read (or a broken one to show). */
const require = createRequire(import.meta.url);

/** YAML configs are parsed with the rule files' limits (alias expansions), not cosmiconfig's js-yaml. */
const loadYaml: Loader = (filepath, content) => {
  const { data, problems } = parseLimitedYaml(content, new (yamlLib().LineCounter)());
  if (problems[0]) throw configProblem(filepath, problems[0]);
  return data;
};

/**
 * JSON configs (`.toastyrc.json`, `.toastyrc`'s JSON form, package.json) are parsed here too, so a
 * syntax error is `file:line:col message` with one code frame, like every other input error.
 */
const loadJson: Loader = (filepath, content) => {
  try {
    return JSON.parse(content) as unknown;
  } catch (error) {
    // JSON.parse names no position for some errors (Node 20: `Unexpected token ',', "…" is not valid JSON`): locate it here.
    const syntax = jsonSyntaxError(content);
    const offset = syntax?.offset ?? content.length;
    const before = content.slice(0, offset).split('\n');
    const line = before.length;
    const column = before[before.length - 1]!.length + 1;
    const reason = syntax ? `${syntax.found}, expected ${syntax.expected}` : (error as Error).message;
    const { codeFrameColumns } = require('@babel/code-frame') as typeof import('@babel/code-frame');
    const frame = codeFrameColumns(content, { start: { line, column } }, { highlightCode: false });
    throw configProblem(filepath, { line, column, message: `JSON syntax error: ${reason}\n${frame}` }, 'fix the syntax of the config file');
  }
};

/**
 * Finds the config (from `explicit`, else searching from `cwd` up to the
 * project root) and validates it against schemas/config.schema.json.
 * Throws ConfigError naming the file, the key and what was expected.
 */
export async function loadConfig(cwd: string, explicit?: string): Promise<LoadedConfig> {
  let found: { filepath: string; config: unknown; isEmpty?: boolean } | null;
  try {
    if (!explicit && !vetSearchPlaces(cwd)) return { file: null, config: {} };
    // Constructing the explorer already reads package.json (cosmiconfig's own settings): inside the try.
    const { cosmiconfig } = require('cosmiconfig') as typeof import('cosmiconfig');
    const explorer = cosmiconfig('toasty', {
      searchPlaces: SEARCH_PLACES,
      searchStrategy: 'project',
      cache: false,
      loaders: { '.json': loadJson, '.yaml': loadYaml, '.yml': loadYaml, noExt: loadYaml },
    });
    if (explicit) {
      const path = resolve(cwd, explicit);
      if (!existsSync(path)) throw new ConfigError(`config file not found: ${path}`, path, null, 'check the --config path');
      vet(path);
      found = await explorer.load(path);
    } else {
      found = await explorer.search(cwd);
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const e = error as Error & { filepath?: string; mark?: { line: number } };
    // A JSON file cosmiconfig parsed with its own loader: the same `file:line:col` error as ours.
    if (e.filepath?.endsWith('.json')) loadJson(e.filepath, readFileSync(e.filepath, 'utf8'));
    throw new ConfigError(`cannot read config: ${e.message}`, e.filepath ?? explicit ?? null, null, 'fix the syntax of the config file');
  }
  if (!found || found.isEmpty) return { file: found?.filepath ?? null, config: {} };
  const data = found.config;
  const validate = schemaValidator('config.schema.json');
  if (!validate(data)) {
    const problems = explainSchemaErrors(validate.errors ?? [], data);
    const first = problems[0];
    const lines = problems.map((p) => `${found.filepath}: ${p.message}`);
    throw new ConfigError(
      lines.join('\n'),
      found.filepath,
      first?.key ?? null,
      'see schemas/config.schema.json or run `toasty init` for a commented example',
    );
  }
  return { file: found.filepath, config: data as UserConfig };
}
