import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as WorkerThreads from 'node:worker_threads';
import { DEFAULT_PLUGIN_TIMEOUT_MS } from '../config/resolve.js';
import type { Rule, Visitors } from '../engine/rule.js';
import { ConfigError } from '../errors.js';
import { DIMENSIONS, SEVERITIES } from '../model/findings.js';
import { pluginRuleCode, timed } from './clock.js';

const LANGUAGES = ['python', 'javascript', 'typescript'];
const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*(\/[a-z][a-z0-9]*(-[a-z0-9]+)*)?$/;

export interface LoadedPlugin {
  /** The specifier as written in the config. */
  specifier: string;
  name: string;
  /** The resolved module file. */
  path: string;
  rules: Rule[];
}

/** Resolves a plugin specifier: a path relative to the config's folder, or a package name from its node_modules. */
export function resolvePlugin(specifier: string, root: string): string {
  if (specifier.startsWith('.') || isAbsolute(specifier)) {
    const path = resolve(root, specifier);
    if (!existsSync(path)) throw new Error(`file not found: ${path}`);
    return path;
  }
  const require = createRequire(join(root, 'package.json'));
  try {
    return require.resolve(specifier);
  } catch (error) {
    // ESM-only packages (exports with only an `import` condition) are not visible to require.resolve.
    for (let dir = root; ; dir = dirname(dir)) {
      const pkg = join(dir, 'node_modules', specifier, 'package.json');
      if (existsSync(pkg)) {
        const json = JSON.parse(readFileSync(pkg, 'utf8')) as { exports?: unknown; module?: string; main?: string };
        const exp = json.exports as Record<string, unknown> | string | undefined;
        const dot = typeof exp === 'string' ? exp : (exp?.['.'] ?? exp);
        const entry =
          typeof dot === 'string'
            ? dot
            : ((dot as Record<string, unknown> | undefined)?.import ??
              (dot as Record<string, unknown> | undefined)?.default ??
              json.module ??
              json.main ??
              'index.js');
        return join(dirname(pkg), String(entry));
      }
      if (dirname(dir) === dir) break;
    }
    throw new Error(`package not found from ${root} (${(error as Error).message.split('\n')[0]})`);
  }
}

/** Checks the shape of a plugin rule; returns what is wrong, or null. */
function ruleProblem(rule: unknown): string | null {
  if (rule === null || typeof rule !== 'object') return 'a rule must be an object made with defineRule()';
  const r = rule as Partial<Rule> & { meta?: Partial<Rule['meta']> };
  if (typeof r.id !== 'string' || !ID.test(r.id))
    return `rule id must be kebab-case (optionally \`plugin/rule\`), got ${JSON.stringify(r.id)}`;
  if (!DIMENSIONS.includes(r.dimension as never))
    return `rule ${r.id}: \`dimension\` must be one of ${DIMENSIONS.join('|')}, got ${JSON.stringify(r.dimension)}`;
  if (typeof r.create !== 'function') return `rule ${r.id}: \`create\` must be a function`;
  const meta = r.meta;
  if (!meta || typeof meta !== 'object') return `rule ${r.id}: \`meta\` is required`;
  if (!SEVERITIES.includes(meta.severity as never))
    return `rule ${r.id}: \`meta.severity\` must be one of ${SEVERITIES.join('|')}, got ${JSON.stringify(meta.severity)}`;
  if (!Array.isArray(meta.languages) || meta.languages.length === 0 || meta.languages.some((l) => !LANGUAGES.includes(l)))
    return `rule ${r.id}: \`meta.languages\` must be a non-empty list of ${LANGUAGES.join('|')}, got ${JSON.stringify(meta.languages)}`;
  if (!meta.messages || typeof meta.messages !== 'object') return `rule ${r.id}: \`meta.messages\` must be an object of message templates`;
  if (typeof meta.description !== 'string' || typeof meta.why !== 'string')
    return `rule ${r.id}: \`meta.description\` and \`meta.why\` must be strings`;
  if (r.defaultOptions !== undefined && (r.defaultOptions === null || typeof r.defaultOptions !== 'object'))
    return `rule ${r.id}: \`defaultOptions\` must be an object`;
  return null;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Wraps a plugin rule so that anything it throws names the plugin, the rule
 * and the file; the engine isolates the failure (an `internal-rule-error`
 * finding on that file) and the run goes on.
 */
function isolate(rule: Rule, plugin: string, code: number): Rule {
  const fail = (where: string, path: string, error: unknown): Error =>
    new Error(`plugin "${plugin}", rule ${rule.id}, file ${path}: ${where} threw: ${describeError(error)}`);
  return {
    ...rule,
    defaultOptions: rule.defaultOptions ?? {},
    source: 'plugin',
    create(ctx, options) {
      let visitors: Visitors;
      try {
        visitors = timed(code, () => rule.create(ctx, options)) ?? {};
      } catch (error) {
        throw fail('create()', ctx.file.path, error);
      }
      const wrapped: Record<string, (node: never) => void> = {};
      for (const [kind, visit] of Object.entries(visitors)) {
        if (typeof visit !== 'function') continue;
        wrapped[kind] = (node: never) => {
          try {
            timed(code, () => (visit as (n: never) => void)(node));
          } catch (error) {
            throw fail(`the \`${kind}\` visitor`, ctx.file.path, error);
          }
        };
      }
      return wrapped as Visitors;
    },
  };
}

/** The probe runs the compiled JS; under a TS loader (tests) plugins are imported directly. */
const probeUrl = new URL('./probe-worker.js', import.meta.url);
const canProbe = !import.meta.url.endsWith('.ts');

/** `node:worker_threads`, loaded only when plugins do (with its internals, a few ms of every run's start-up, issue 19). */
function workerThreads(): typeof WorkerThreads {
  return createRequire(import.meta.url)('node:worker_threads') as typeof WorkerThreads;
}

/**
 * Imports the modules on a throwaway thread first: the index of the first one that does not
 * finish loading within `budgetMs` (a loop at import would hang the main thread for good), or null.
 */
function probeLoading(paths: readonly string[], budgetMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    let next = 0;
    const worker = new (workerThreads().Worker)(probeUrl, { workerData: { paths } });
    let timer: NodeJS.Timeout;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        void worker.terminate();
        resolve(next);
      }, budgetMs);
    };
    worker.on('message', (msg: { loaded: number }) => {
      next = msg.loaded + 1;
      if (next < paths.length) arm();
      else {
        clearTimeout(timer);
        void worker.terminate().then(() => resolve(null));
      }
    });
    // The budget counts from when the thread runs (starting one can take a while on a busy machine).
    worker.on('online', arm);
    worker.on('error', () => {
      clearTimeout(timer);
      resolve(null); // the main thread's import reports it
    });
  });
}

/**
 * Imports every plugin listed in the config and returns its rules, each
 * isolated. A plugin that cannot be found, imported or understood is a
 * ConfigError (exit 2) naming the plugin and the config key; so is one that does not finish
 * loading within `timeoutMs` (tried on a throwaway thread first).
 */
export async function loadPlugins(
  specifiers: readonly string[],
  root: string,
  configFile: string | null,
  timeoutMs = DEFAULT_PLUGIN_TIMEOUT_MS,
): Promise<LoadedPlugin[]> {
  const out: LoadedPlugin[] = [];
  const resolved = specifiers.map((specifier) => {
    try {
      return resolvePlugin(specifier, root);
    } catch {
      return null; // reported below with the config key
    }
  });
  if (canProbe && resolved.length && workerThreads().isMainThread) {
    const found = resolved.filter((p): p is string => p !== null);
    const stuck = await probeLoading(found, timeoutMs);
    if (stuck !== null) {
      const i = resolved.indexOf(found[stuck]!);
      throw new ConfigError(
        `${configFile ?? 'config'}: plugin "${specifiers[i]}" (\`plugins[${i}]\`) did not finish loading within ${timeoutMs} ms`,
        configFile,
        `plugins[${i}]`,
        'a plugin must not loop or wait at import; raise `pluginTimeout` (or --plugin-timeout) if it is only slow',
      );
    }
  }
  for (const [i, specifier] of specifiers.entries()) {
    const key = `plugins[${i}]`;
    const fail = (why: string): never => {
      throw new ConfigError(
        `${configFile ?? 'config'}: plugin "${specifier}" (\`${key}\`) cannot be loaded: ${why}`,
        configFile,
        key,
        'check the path or package name, and that the module exports { rules: [...] } (see README: YAML rules and plugins)',
      );
    };
    let path = '';
    let mod: Record<string, unknown> = {};
    try {
      path = resolved[i] ?? resolvePlugin(specifier, root);
      mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    } catch (error) {
      fail(describeError(error));
    }
    const exported = (mod.default ?? mod) as { name?: unknown; rules?: unknown } | unknown[];
    const rules = Array.isArray(exported)
      ? exported
      : Array.isArray(exported.rules)
        ? exported.rules
        : Array.isArray(mod.rules)
          ? mod.rules
          : null;
    if (!rules) fail('it exports no `rules` list (export default { rules: [...] }, or export const rules = [...])');
    const declared = !Array.isArray(exported) && typeof exported.name === 'string' ? exported.name : mod.name;
    const name = typeof declared === 'string' && declared ? declared : isAbsolute(specifier) ? basename(specifier) : specifier;
    const list: Rule[] = [];
    for (const [j, rule] of (rules as unknown[]).entries()) {
      const problem = ruleProblem(rule);
      if (problem) fail(problem);
      list.push(isolate(rule as Rule, name, pluginRuleCode(i, j, name, (rule as Rule).id)));
    }
    out.push({ specifier, name, path, rules: list });
  }
  return out;
}
