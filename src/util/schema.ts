import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { PACKAGE_ROOT } from './paths.js';

/** ajv costs about 30 ms to load: only runs that validate something (a config file, a user rule) pay. */
const require = createRequire(import.meta.url);

const cache = new Map<string, ValidateFunction>();

/** A compiled validator for one of the JSON Schemas shipped in schemas/. */
export function schemaValidator(name: string): ValidateFunction {
  let validate = cache.get(name);
  if (!validate) {
    const schema = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas', name), 'utf8')) as object;
    const { Ajv } = require('ajv') as typeof import('ajv');
    validate = new Ajv({ allErrors: true, strict: false, verbose: true }).compile(schema);
    cache.set(name, validate);
  }
  return validate;
}

/** `/overrides/0/rules/x` → `overrides[0].rules.x` */
export function keyPath(instancePath: string, extra?: string): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  let out = '';
  for (const part of parts) out += /^\d+$/.test(part) ? `[${part}]` : out ? `.${part}` : part;
  return out || '(root)';
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function valueAt(root: unknown, instancePath: string): unknown {
  let node = root;
  for (const raw of instancePath.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}

export interface SchemaProblem {
  key: string;
  message: string;
}

/** Human sentences for ajv errors: the key, what was expected, and what was found. */
export function explainSchemaErrors(errors: readonly ErrorObject[], data: unknown): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  // Errors inside a failed oneOf/anyOf are summarized by the oneOf error itself.
  const branchPaths = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.instancePath);
  for (const e of errors) {
    if (e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && branchPaths.some((p) => e.instancePath.startsWith(p))) continue;
    const value = valueAt(data, e.instancePath);
    let problem: SchemaProblem;
    switch (e.keyword) {
      case 'additionalProperties': {
        const extra = (e.params as { additionalProperty: string }).additionalProperty;
        const allowed = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
        problem = {
          key: keyPath(e.instancePath, extra),
          message: `unknown key \`${keyPath(e.instancePath, extra)}\`${allowed.length ? `; expected one of: ${allowed.join(', ')}` : ''}`,
        };
        break;
      }
      case 'type':
        problem = {
          key: keyPath(e.instancePath),
          message: `\`${keyPath(e.instancePath)}\` must be ${(e.params as { type: string }).type}, got ${describe(value)}`,
        };
        break;
      case 'enum':
        problem = {
          key: keyPath(e.instancePath),
          message: `\`${keyPath(e.instancePath)}\` must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join('|')}, got ${describe(value)}`,
        };
        break;
      case 'oneOf':
      case 'anyOf': {
        const key = keyPath(e.instancePath);
        // `{ max: 120 }` for `{ options: { max: 120 } }` is the usual slip: say so.
        const stray = isPlainObject(value) ? Object.keys(value).filter((k) => k !== 'severity' && k !== 'options') : [];
        problem = {
          key,
          message: stray.length
            ? `\`${key}\` has ${stray.map((k) => `\`${k}\``).join(', ')} beside severity/options: a rule's options go under \`options\`, e.g. { severity: warning, options: { ${stray[0]}: … } }`
            : `\`${key}\` must be a severity (off|error|warning|info) or an object { severity, options }, got ${describe(value)}`,
        };
        break;
      }
      case 'required':
        problem = {
          key: keyPath(e.instancePath, (e.params as { missingProperty: string }).missingProperty),
          message: `\`${keyPath(e.instancePath, (e.params as { missingProperty: string }).missingProperty)}\` is required`,
        };
        break;
      default:
        problem = {
          key: keyPath(e.instancePath),
          message: `\`${keyPath(e.instancePath)}\` ${e.message ?? 'is invalid'}, got ${describe(value)}`,
        };
    }
    const id = `${problem.key}|${problem.message}`;
    if (!seen.has(id)) {
      seen.add(id);
      problems.push(problem);
    }
  }
  return problems;
}
