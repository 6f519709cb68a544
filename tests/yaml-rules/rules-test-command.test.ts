import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rulesTestCommand } from '../../src/cli/commands/rules-test.js';
import { RuleError } from '../../src/errors.js';
import { tempTree } from '../helpers/tmp.js';

const RULE = `id: no-eval
languages: [python]
dimension: security
severity: error
message: eval() runs arbitrary code
suggestion: Use ast.literal_eval for literals
query: |
  (call function: (identifier) @f (#eq? @f "eval")) @match
`;

let out = '';
beforeEach(() => {
  out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

describe('toasty rules test', () => {
  it('passes a rule whose fixture matches its annotations (exit 0)', async () => {
    const { dir, remove } = tempTree({
      'sec/no-eval.yaml': RULE,
      'sec/no-eval.py': '# ruleid: no-eval\neval(user_input)\n# ok: no-eval\nliteral_eval(user_input)\n',
    });
    try {
      expect(await rulesTestCommand(dir, {})).toBe(0);
      expect(out).toMatch(/^PASS {2}no-eval {2}.*sec\/no-eval\.py$/m);
      expect(out).toMatch(/^1 passed, 0 failed$/m);
    } finally {
      remove();
    }
  });

  it('fails with the missing and unexpected lines, a missing fixture and a stray annotation (exit 1)', async () => {
    const { dir, remove } = tempTree({
      'sec/no-eval.yaml': RULE,
      'sec/no-eval.py': '# ruleid: no-eval\nliteral_eval(x)\n# ok: no-eval\neval(x)\n# ruleid: no-evl\neval(y)\n',
      'sec/lonely.yaml': RULE.replace('id: no-eval', 'id: lonely'),
    });
    try {
      expect(await rulesTestCommand(dir, { quiet: true })).toBe(1);
      expect(out).toContain('FAIL  lonely');
      expect(out).toMatch(/no fixture: expected lonely\.py/);
      expect(out).toContain('FAIL  no-eval');
      expect(out).toMatch(/sec\/no-eval\.py:2 missing: annotated `ruleid` but not reported/);
      expect(out).toMatch(/sec\/no-eval\.py:4 unexpected: reported but not annotated `ruleid`/);
      expect(out).toMatch(/sec\/no-eval\.py:6 unexpected/);
      expect(out).toMatch(/sec\/no-eval\.py:5 `ruleid: no-evl` names no rule of this file/);
      expect(out).toMatch(/^0 passed, 2 failed$/m);
    } finally {
      remove();
    }
  });

  it('a malformed rule file is a RuleError (exit 2), not a test failure', async () => {
    const { dir, remove } = tempTree({ 'bad.yaml': RULE.replace('severity: error', 'severity: high') });
    try {
      await expect(rulesTestCommand(dir, {})).rejects.toBeInstanceOf(RuleError);
    } finally {
      remove();
    }
  });

  it('passes on the bundled packs (toasty rules test rules/)', async () => {
    expect(await rulesTestCommand('rules', { quiet: true })).toBe(0);
    const summary = /^(\d+) passed, 0 failed$/m.exec(out);
    expect(Number(summary?.[1])).toBeGreaterThanOrEqual(30);
  });
});
