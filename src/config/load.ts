import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { cosmiconfig } from 'cosmiconfig';
import { ConfigError } from '../errors.js';
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

/**
 * Finds the config (from `explicit`, else searching from `cwd` up to the
 * project root) and validates it against schemas/config.schema.json.
 * Throws ConfigError naming the file, the key and what was expected.
 */
export async function loadConfig(cwd: string, explicit?: string): Promise<LoadedConfig> {
  const explorer = cosmiconfig('toasty', { searchPlaces: SEARCH_PLACES, searchStrategy: 'project', cache: false });
  let found: { filepath: string; config: unknown; isEmpty?: boolean } | null;
  try {
    if (explicit) {
      const path = resolve(cwd, explicit);
      if (!existsSync(path)) throw new ConfigError(`config file not found: ${path}`, path, null, 'check the --config path');
      found = await explorer.load(path);
    } else {
      found = await explorer.search(cwd);
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const e = error as Error & { filepath?: string; mark?: { line: number } };
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
