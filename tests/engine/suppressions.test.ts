import { describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../../src/config/types.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { RuleResolver } from '../../src/engine/active-rules.js';
import { gradeFile } from '../../src/engine/grade-file.js';
import { BUILTIN_RULES } from '../../src/rules/index.js';
import { tempTree } from '../helpers/tmp.js';
import { discoverFiles } from '../../src/discovery/walk.js';

async function grade(files: Record<string, string>, user: object = {}) {
  const t = tempTree(files);
  try {
    const config: ResolvedConfig = resolveConfig(null, user, t.dir);
    const resolver = new RuleResolver(BUILTIN_RULES, config);
    const found = discoverFiles(['.'], t.dir, config);
    const out = [];
    for (const f of found) out.push((await gradeFile(f, 'abcdef0123', config, resolver)).result);
    return out;
  } finally {
    t.remove();
  }
}

const PARAMS = { rules: { 'too-many-params': { options: { max: 1 } } } };

describe('inline suppressions', () => {
  it("a suppression of one rule never hides another rule's finding in the same function (issue 24)", async () => {
    const code =
      'def handler(a, b, c, d, e, f, g):  # toasty: ignore[too-many-params]\n    try:\n        return a + b + c + d + e + f + g\n    except:\n        return None\n';
    const [file] = await grade({ 'h.py': code });
    const byRule = (id: string) => file!.findings.filter((f) => f.ruleId === id).map((f) => [f.line, f.suppressed]);
    expect(byRule('too-many-params')).toEqual([[1, true]]);
    expect(byRule('bare-except')).toEqual([[4, false]]);
    // The same in JS: an empty catch under a suppression of another rule is still reported.
    const js =
      'function h(a, b, c, d, e, f, g) { // toasty-ignore-line too-many-params\n  try { return a(b, c, d, e, f, g); } catch (err) {}\n}\n';
    const [jsFile] = await grade({ 'h.js': js });
    expect(jsFile!.findings.filter((f) => f.ruleId === 'too-many-params').map((f) => f.suppressed)).toEqual([true]);
  });

  it('Python: `# toasty: ignore[rule] -- reason` silences that rule on that line and keeps the finding, uncosted', async () => {
    const [file] = await grade(
      { 'a.py': 'def f(a, b):  # toasty: ignore[too-many-params] -- legacy API\n    return a\n\n\ndef g(a, b):\n    return a\n' },
      PARAMS,
    );
    const findings = file!.findings.filter((f) => f.ruleId === 'too-many-params');
    expect(findings.map((f) => [f.line, f.suppressed, f.suppressionReason])).toEqual([
      [1, true, 'legacy API'],
      [5, false, null],
    ]);
    expect(findings[0]!.cost).toBe(0);
    expect(findings[1]!.cost).toBeGreaterThan(0);
  });

  it('JS: next-line and file-level directives', async () => {
    const [file] = await grade(
      {
        'a.ts':
          '// toasty-ignore-next-line too-many-params -- callback signature\nexport function f(a: number, b: number) { return a + b; }\nexport function g(a: number, b: number) { return a + b; }\n',
        'b.ts': '/* toasty-ignore-file too-many-params */\nexport function h(a: number, b: number) { return a + b; }\n',
      },
      PARAMS,
    ).then((r) => r);
    const lines = file!.findings.filter((f) => f.ruleId === 'too-many-params').map((f) => [f.line, f.suppressed]);
    expect(lines).toEqual([
      [2, true],
      [3, false],
    ]);
  });

  it('reports a suppression that no longer matches anything', async () => {
    const [file] = await grade({ 'a.py': 'x = 1  # toasty: ignore[too-many-params]\n' });
    const unused = file!.findings.filter((f) => f.ruleId === 'unused-suppression');
    expect(unused).toHaveLength(1);
    expect(unused[0]!.line).toBe(1);
    expect(unused[0]!.message).toContain('too-many-params');
  });
});

describe('fingerprints', () => {
  it('survive lines added above the finding; ids and costs are deterministic', async () => {
    const body = 'def f(a, b):\n    return a\n';
    const [before] = await grade({ 'm.py': body }, PARAMS);
    const [after] = await grade({ 'm.py': `import os\n\n\nX = os.sep\n\n${body}` }, PARAMS);
    const fp = (r: typeof before) => r!.findings.filter((f) => f.ruleId === 'too-many-params').map((f) => f.fingerprint);
    expect(fp(after)).toEqual(fp(before));
    expect(after!.findings.find((f) => f.ruleId === 'too-many-params')!.line).toBe(6);
  });
});

describe('parse errors', () => {
  it('an unparseable file is a parse-error finding with its line, and other files are still graded', async () => {
    const results = await grade({
      'bad.py': 'def ok():\n    return 1\n\ndef broken(:\n    pass\n',
      'good.py': 'x = 1\n',
      'bad.ts': 'const = 5;\n',
    });
    const byPath = Object.fromEntries(results.map((r) => [r.path, r]));
    expect(byPath['bad.py']!.status).toBe('parse-error');
    expect(byPath['bad.py']!.findings[0]!.ruleId).toBe('parse-error');
    expect(byPath['bad.py']!.findings[0]!.line).toBe(4);
    expect(byPath['bad.ts']!.status).toBe('parse-error');
    expect(byPath['bad.ts']!.findings[0]!.line).toBe(1);
    expect(byPath['good.py']!.status).toBe('graded');
    expect(byPath['good.py']!.score).toBe(100);
  });

  it('binary, generated and minified files are skipped with a reason', async () => {
    const results = await grade({
      'bin.py': 'x = 1\u0000\u0001',
      'gen.ts': '// Code generated by protoc. DO NOT EDIT.\nexport const a = 1;\n',
      'app.min.js': 'var a=1;',
      'wide.js': `${'var a=1;'.repeat(400)}\n`.repeat(3),
    });
    const reasons = Object.fromEntries(results.map((r) => [r.path, r.status === 'skipped' ? r.skipReason : r.status]));
    expect(reasons['bin.py']).toMatch(/binary/);
    expect(reasons['gen.ts']).toMatch(/generated/);
    expect(reasons['app.min.js']).toMatch(/minified/);
    expect(reasons['wide.js']).toMatch(/minified/);
  });
});
