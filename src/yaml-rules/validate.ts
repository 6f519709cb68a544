import type { ErrorObject } from 'ajv';
import { schemaValidator } from '../util/schema.js';
import { editDistance } from '../util/did-you-mean.js';
import type { PathSeg, RuleFileSource } from './source.js';

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${String(value)}`;
}

function segments(instancePath: string): PathSeg[] {
  return instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function valueAt(root: unknown, path: readonly PathSeg[]): unknown {
  let node = root;
  for (const seg of path) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[seg] : undefined;
  return node;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  array: 'a list',
  object: 'a mapping',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
};

function didYouMean(name: string, allowed: string[]): string {
  const scored = allowed.map((a) => ({ a, d: editDistance(name, a) })).sort((x, y) => x.d - y.d)[0];
  return scored && scored.d <= Math.max(2, name.length / 3) ? ` (did you mean \`${scored.a}\`?)` : '';
}

/** One sentence per schema error: the key, what was expected, and what was found. */
function sentence(e: ErrorObject, path: PathSeg[], source: RuleFileSource): { path: PathSeg[]; message: string } {
  const value = valueAt(source.data, path);
  const key = source.ruleKey(path);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const allowed = Object.keys((e.parentSchema as { properties?: object }).properties ?? {}).filter((k) => k !== '$schema');
      const where = key === '(rule)' ? '' : ` in \`${key}\``;
      return {
        path: [...path, extra],
        message: `unknown key \`${extra}\`${where}${didYouMean(extra, allowed)}; expected one of: ${allowed.join(', ')}`,
      };
    }
    case 'required': {
      const missing = String(params.missingProperty);
      const inKey = source.ruleKey(path);
      return { path, message: `\`${missing}\` is required${inKey === '(rule)' ? '' : ` in \`${inKey}\``}` };
    }
    case 'type': {
      const want = String(params.type)
        .split(',')
        .map((t) => TYPE_NAMES[t] ?? t)
        .join(' or ');
      return { path, message: `\`${key}\` must be ${want}, got ${describe(value)}` };
    }
    case 'enum':
      return { path, message: `\`${key}\` must be one of ${(params.allowedValues as unknown[]).join('|')}, got ${describe(value)}` };
    case 'pattern':
      return {
        path,
        message: `\`${key}\` must be kebab-case (lowercase words joined by '-', e.g. flask-debug-true), got ${describe(value)}`,
      };
    case 'minItems':
      return { path, message: `\`${key}\` must not be empty` };
    case 'minLength':
      return { path, message: `\`${key}\` must not be empty` };
    case 'uniqueItems':
      return { path, message: `\`${key}\` lists the same item twice` };
    case 'exclusiveMinimum':
      return { path, message: `\`${key}\` must be greater than ${String(params.limit)}, got ${describe(value)}` };
    case 'maximum':
      return { path, message: `\`${key}\` must be at most ${String(params.limit)}, got ${describe(value)}` };
    default:
      return { path, message: `\`${key}\` ${e.message ?? 'is invalid'}, got ${describe(value)}` };
  }
}

/** Validates a parsed rule file against schemas/rule.schema.json; records each problem at its YAML position. */
export function validateRuleFile(source: RuleFileSource): boolean {
  const validate = schemaValidator('rule.schema.json');
  if (validate(source.data)) return true;
  const seen = new Set<string>();
  for (const e of validate.errors ?? []) {
    const { path, message } = sentence(e, segments(e.instancePath), source);
    const ruleIndex = path[0] === 'rules' && typeof path[1] === 'number' ? path[1] : null;
    const id = ruleIndex === null ? undefined : (valueAt(source.data, ['rules', ruleIndex, 'id']) as unknown);
    const full = typeof id === 'string' && !source.single && !message.startsWith('`id`') ? `${message} (rule \`${id}\`)` : message;
    const dedupe = `${path.join('/')}|${full}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    source.report(path, full);
  }
  return false;
}
