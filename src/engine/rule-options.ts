/**
 * Rule options checked with JSON Schema, as ESLint checks `meta.schema`: the schema of a rule's
 * options is derived from its meta — each key's declared `meta.optionSchema` entry, else the type of
 * its default — with no other keys allowed. A config value that fails is a ConfigError (exit 2)
 * naming the file, the key, the rule and what was expected.
 */
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ConfigError, RuleError } from '../errors.js';
import type { Rule } from './rule.js';

const require = createRequire(import.meta.url);

type Schema = Record<string, unknown>;

/** The schema of one option from its default value: its JSON type (and its items' type for a non-empty array). */
function fromDefault(value: unknown): Schema {
  if (Array.isArray(value)) return value.length ? { type: 'array', items: fromDefault(value[0]) } : { type: 'array' };
  if (value === null) return {};
  if (typeof value === 'number') return { type: 'number' };
  if (typeof value === 'boolean' || typeof value === 'string') return { type: typeof value };
  if (typeof value === 'object') return { type: 'object' };
  return {};
}

/** The JSON Schema of a rule's options object. */
export function optionsSchema(rule: Pick<Rule, 'defaultOptions' | 'meta'>): Schema {
  const declared = rule.meta.optionSchema ?? {};
  const properties: Record<string, Schema> = {};
  for (const [name, value] of Object.entries(rule.defaultOptions)) properties[name] = { ...(declared[name] ?? fromDefault(value)) };
  return { type: 'object', properties, additionalProperties: false };
}

const compiled = new WeakMap<object, ValidateFunction>();

function validatorFor(rule: Rule): ValidateFunction {
  let validate = compiled.get(rule);
  if (!validate) {
    const { Ajv } = require('ajv') as typeof import('ajv');
    try {
      validate = new Ajv({ allErrors: true, strict: false }).compile(optionsSchema(rule));
    } catch (error) {
      throw new RuleError(`rule ${rule.id}: meta.optionSchema is not valid JSON Schema: ${(error as Error).message}`, rule.id);
    }
    compiled.set(rule, validate);
  }
  return validate;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `an array ${JSON.stringify(value)}`;
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function valueAt(root: unknown, instancePath: string): unknown {
  let node = root;
  for (const key of instancePath.split('/').slice(1))
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  return node;
}

/** `/ignore/0` → `ignore[0]` */
function subKey(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i ? `.${p}` : p))
    .join('');
}

/** What a failed keyword expected, in words (`must be >= 0`, `must be number`). */
function expected(e: ErrorObject): string {
  if (e.keyword === 'type') return `must be ${(e.params as { type: string }).type}`;
  return e.message ?? 'is invalid';
}

/**
 * Checks `options` (from a config key such as `rules.long-line` or `overrides[0].rules.long-line`)
 * against the rule's options schema; throws a ConfigError naming the first problem's key.
 */
export function checkRuleOptions(rule: Rule, options: Record<string, unknown>, file: string | null, key: string): void {
  const where = file ?? 'config';
  const known = Object.keys(rule.defaultOptions);
  for (const name of Object.keys(options)) {
    if (known.includes(name)) continue;
    throw new ConfigError(
      `${where}: unknown option \`${key}.options.${name}\` for rule ${rule.id}; expected ${known.length ? `one of: ${known.join(', ')}` : 'no options'}`,
      file,
      `${key}.options.${name}`,
    );
  }
  const validate = validatorFor(rule);
  if (validate(options)) return;
  const e = validate.errors![0]!;
  const name = subKey(e.instancePath);
  const option = name.replace(/[.[].*$/, '');
  throw new ConfigError(
    `${where}: \`${key}.options.${name}\` of rule ${rule.id} ${expected(e)} (default ${JSON.stringify(rule.defaultOptions[option])}), got ${describe(valueAt(options, e.instancePath))}`,
    file,
    `${key}.options.${name}`,
  );
}
