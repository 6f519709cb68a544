/**
 * The never-corrupt guarantees, on the real engine and the real parsers, with rules written here
 * whose fixes overlap, break the syntax, or do not remove their finding.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defineRule, type ActiveRule, type Rule } from '../../src/engine/rule.js';
import { fixText } from '../../src/fix/fix-text.js';
import { readFixable, writeFixed } from '../../src/fix/source.js';
import selfAssignment from '../../src/rules/reliability/self-assignment.js';
import { loadAdapter } from '../../src/languages/registry.js';
import type { Language } from '../../src/model/types.js';
import { tempTree } from '../helpers/tmp.js';

/** Reports every call to `name` with a fix that replaces the whole call by `text(callText)`. */
function callRule(id: string, name: string, text: (src: string) => string, fix: 'safe' | 'unsafe' = 'safe'): Rule {
  return defineRule({
    id,
    dimension: 'quality',
    meta: { description: id, why: id, severity: 'info', languages: ['python', 'javascript'], messages: { m: 'call' }, fix },
    defaultOptions: {},
    create(ctx) {
      return {
        call(call) {
          if (call.name !== name) return;
          const src = ctx.file.lines[call.span.line - 1]!.slice(call.span.column - 1, call.span.endColumn - 1);
          ctx.report({ node: call, messageId: 'm', suggestion: 's', fix: { span: call.span, text: text(src) } });
        },
      };
    },
  }) as Rule;
}

async function run(rules: Rule[], text: string, language: Language = 'python', unsafe = false) {
  const active: ActiveRule[] = rules.map((rule) => ({ rule, severity: 'info', options: {} }));
  return fixText(
    {
      path: 'x',
      language,
      adapter: await loadAdapter(language),
      rules: active,
      policy: { unsafe, rules: null, baseline: null },
      eol: '\n',
    },
    text,
  );
}

describe('fixText', () => {
  it('applies nested (overlapping) fixes over several passes, never together', async () => {
    // `f(f(1))`: the outer fix covers the inner one; the inner one waits for the next pass.
    const r = await run([callRule('f-to-g', 'f', (s) => `g${s.slice(1)}`)], 'x = f(f(1))\n');
    expect(r.text).toBe('x = g(g(1))\n');
    expect(r.passes).toBe(2);
    expect(r.applied.map((a) => a.pass)).toEqual([1, 2]);
  });

  it('rolls back a fix that breaks the syntax and keeps the good ones of the same pass', async () => {
    const rules = [callRule('break', 'bad', () => 'bad(('), callRule('good', 'old', (s) => `new${s.slice(3)}`)];
    const r = await run(rules, 'a = bad(1)\nb = old(2)\n');
    expect(r.text).toBe('a = bad(1)\nb = new(2)\n');
    expect(r.rolledBack).toEqual([{ ruleId: 'break', line: 1, reason: expect.stringContaining('rolled back') }]);
    expect(r.applied.map((a) => a.ruleId)).toEqual(['good']);
  });

  it('rolls back a fix that leaves its finding in place (no endless loop)', async () => {
    const r = await run([callRule('same', 'h', (s) => `${s} `)], 'h(1)\n', 'javascript');
    expect(r.text).toBe('h(1)\n');
    expect(r.rolledBack).toHaveLength(1);
    expect(r.applied).toEqual([]);
  });

  it('applies unsafe fixes only when asked', async () => {
    const rule = callRule('u', 'f', (s) => `g${s.slice(1)}`, 'unsafe');
    expect((await run([rule], 'f(1)\n')).text).toBe('f(1)\n');
    expect((await run([rule], 'f(1)\n')).remaining.unsafe).toBe(1);
    expect((await run([rule], 'f(1)\n', 'python', true)).text).toBe('g(1)\n');
  });

  it('leaves a file that does not parse untouched', async () => {
    const r = await run([callRule('f-to-g', 'f', (s) => `g${s.slice(1)}`)], 'def (:\n  f(1)\n');
    expect(r.unparsed).toBe(true);
    expect(r.text).toBe('def (:\n  f(1)\n');
  });
});

describe('deleting statements never empties a block', () => {
  it('self-assignment alone in a Python block becomes `pass`; elsewhere the line goes', async () => {
    const src =
      'def f(o, a):\n    if a:\n        o = 1\n    elif o:\n        o = o\n    else:\n        return 2\n    a = a\n    return o\n';
    const r = await run([selfAssignment as Rule], src, 'python', true);
    expect(r.text).toBe('def f(o, a):\n    if a:\n        o = 1\n    elif o:\n        pass\n    else:\n        return 2\n    return o\n');
  });

  it('a JS statement that is the body of a brace-less `if` is not deleted', async () => {
    const src = 'function f(a, c) {\n  if (c)\n    a = a;\n  a = a;\n  return a;\n}\n';
    const r = await run([selfAssignment as Rule], src, 'javascript', true);
    expect(r.text).toBe('function f(a, c) {\n  if (c)\n    a = a;\n  return a;\n}\n');
  });

  it('a fix that leaves a Python block empty is rolled back even though tree-sitter accepts it', async () => {
    const dropper = defineRule({
      id: 'drop',
      dimension: 'quality',
      meta: { description: 'd', why: 'd', severity: 'info', languages: ['python'], messages: { m: 'm' }, fix: 'safe' },
      defaultOptions: {},
      create(ctx) {
        return {
          call(call) {
            if (call.name !== 'drop') return;
            const { line } = call.span;
            ctx.report({
              node: call,
              messageId: 'm',
              suggestion: 's',
              fix: { span: { line, column: 1, endLine: line + 1, endColumn: 1 }, text: '' },
            });
          },
        };
      },
    }) as Rule;
    const src = 'if x:\n    drop()\nelse:\n    y()\n';
    const r = await run([dropper], src);
    expect(r.text).toBe(src);
    expect(r.rolledBack).toHaveLength(1);
  });
});

describe('writeFixed', () => {
  let tree: { dir: string; remove: () => void } | null = null;
  afterEach(() => tree?.remove());

  it('skips a file that changed on disk since it was read', () => {
    tree = tempTree({ 'a.py': 'x = 1\n' });
    const path = join(tree.dir, 'a.py');
    const buffer = readFileSync(path);
    const source = readFixable(buffer, 'python');
    if ('reason' in source) throw new Error(source.reason);
    writeFileSync(path, 'x = 2\n');
    expect(writeFixed(path, buffer, 'y = 1\n', source)).toMatchObject({ written: false, reason: 'changed-on-disk' });
    expect(readFileSync(path, 'utf8')).toBe('x = 2\n');
    expect(writeFixed(path, readFileSync(path), 'y = 2\n', source)).toEqual({ written: true });
    expect(readFileSync(path, 'utf8')).toBe('y = 2\n');
  });

  it('refuses bytes that do not round-trip (an undeclared non-UTF-8 file)', () => {
    expect(readFixable(Buffer.from([0x78, 0x3d, 0xe9, 0x0a]), 'python')).toMatchObject({ reason: expect.stringContaining('round-trip') });
  });
});
