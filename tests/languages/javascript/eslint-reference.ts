/**
 * Runs the genuine ESLint `complexity` rule and sonarjs `cognitive-complexity` rule (threshold 0)
 * and returns, per function body start ("line:column0"), the values they report.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { Linter } = require('eslint') as typeof import('eslint');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyRule = any;
const root = join(require.resolve('eslint'), '../../');
const complexityRule = require(join(root, 'lib/rules/complexity.js')) as AnyRule;
const sonarjs = require('eslint-plugin-sonarjs') as { rules: Record<string, AnyRule> };
const tseslint = require('typescript-eslint') as { parser: unknown };

interface Captured {
  node: AnyRule;
  value: number;
  name: string;
}
let captured: { cc: Captured[]; cog: Captured[] } = { cc: [], cog: [] };

function wrap(rule: AnyRule, sink: 'cc' | 'cog', value: (d: AnyRule) => number): AnyRule {
  return {
    meta: rule.meta,
    create(context: AnyRule) {
      let current: AnyRule = null;
      const ctx = Object.create(context, {
        report: {
          value: (d: AnyRule) => captured[sink].push({ node: d.node ?? current, value: value(d), name: String(d.data?.name ?? '') }),
        },
      });
      const handlers = rule.create(ctx);
      const out = { ...handlers };
      if (handlers[':function:exit']) {
        out[':function:exit'] = (node: AnyRule) => {
          current = node;
          handlers[':function:exit'](node);
          current = null;
        };
      }
      return out;
    },
  };
}

const plugin = {
  rules: {
    complexity: wrap(complexityRule, 'cc', (d) => Number(d.data.complexity)),
    cognitive: wrap(sonarjs.rules['cognitive-complexity'], 'cog', (d) => Number(d.data?.complexityAmount)),
  },
};
const linter = new Linter({ configType: 'flat' });
const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

export function eslintReference(code: string, ts = false): Map<string, { cc: number; cog: number }> {
  captured = { cc: [], cog: [] };
  const config = [
    {
      files: ['**/*.js', '**/*.ts', '**/*.tsx', '**/*.jsx'],
      plugins: { parity: plugin },
      languageOptions: ts
        ? { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } }
        : { ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } },
      rules: { 'parity/complexity': ['error', 0], 'parity/cognitive': ['error', 0] },
    },
  ];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const messages = linter.verify(code, config as any, { filename: ts ? 'input.tsx' : 'input.jsx' });
  const fatal = messages.find((m) => m.fatal);
  if (fatal) throw new Error(`ESLint could not parse: ${fatal.message}`);
  const out = new Map<string, { cc: number; cog: number }>();
  for (const c of captured.cc) {
    if (!FUNCTIONS.has(c.node.type) || /^Class (field initializer|static block)$/.test(c.name)) continue;
    out.set(`${c.node.body.loc.start.line}:${c.node.body.loc.start.column}`, { cc: c.value, cog: 0 });
  }
  for (const c of captured.cog) {
    const e = out.get(`${c.node.body.loc.start.line}:${c.node.body.loc.start.column}`);
    if (e) e.cog = c.value;
  }
  return out;
}
