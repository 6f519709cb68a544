// Messages and suggestions that were wrong in a user trial on real code (issue 24): each case runs
// the real front-end and engine on a snippet and pins what the finding says, not only its line.
import { describe, expect, it } from 'vitest';
import { languageFromPath } from '../../src/discovery/language.js';
import { runRules } from '../../src/engine/run-rules.js';
import { BUILTIN_RULES } from '../../src/rules/index.js';
import { loadAdapter } from '../../src/languages/registry.js';
import type { RawFinding } from '../../src/model/findings.js';

async function findings(ruleIds: string[], path: string, code: string): Promise<RawFinding[]> {
  const language = languageFromPath(path)!;
  const model = (await loadAdapter(language)).parse(path, code, language);
  const active = ruleIds.map((id) => {
    const rule = BUILTIN_RULES.find((r) => r.id === id)!;
    return { rule, severity: rule.meta.severity, options: { ...rule.defaultOptions } };
  });
  const { findings: out, failures } = runRules(model, active);
  expect(failures).toEqual([]);
  return out;
}

const suggestions = (list: RawFinding[]): string[] => list.map((f) => f.suggestion);

describe('magic-number names the constant from the code, or invents none', () => {
  const py = [
    'def apply(options, code_point, x):',
    '    if options.level <= 3:',
    '        pass',
    '    if code_point < 256:',
    '        pass',
    '    if len(x) == 32:',
    '        pass',
    '    prepare(x, 302)',
    '    unknown(x, 302)',
    '',
    'def prepare(request, status):',
    '    return status',
    '',
  ].join('\n');

  it('uses what the number is compared with or passed as', async () => {
    const out = await findings(['magic-number'], 'lib/apply.py', py);
    const byLine = new Map(out.map((f) => [f.line, f.suggestion]));
    expect(byLine.get(2)).toContain('`MAX_LEVEL = 3`');
    expect(byLine.get(4)).toContain('`MAX_CODE_POINT = 256`');
    expect(byLine.get(8)).toContain('`STATUS = 302`');
    expect(byLine.get(8)).toContain('passed as `status` of `prepare`');
  });

  it('never suggests the canned MAX_ITEMS, and no name where nothing tells', async () => {
    const out = await findings(['magic-number'], 'lib/apply.py', py);
    expect(suggestions(out).join('\n')).not.toContain('MAX_ITEMS');
    const eq = out.find((f) => f.line === 6)!.suggestion;
    expect(eq).toContain('what `len(x) == 32` means');
    expect(eq).not.toMatch(/`[A-Z_]+ = 32`/);
    const unknown = out.find((f) => f.line === 9)!.suggestion;
    expect(unknown).not.toMatch(/`[A-Z_]+ = 302`/);
  });

  it('flips the bound when the number is on the left (JS)', async () => {
    const out = await findings(
      ['magic-number'],
      'src/x.js',
      'export function f(retries) {\n  if (5 < retries) return 0;\n  return retries;\n}\n',
    );
    expect(out[0]!.suggestion).toContain('`const MIN_RETRIES = 5`');
  });
});

describe('quoted code is cut at token boundaries', () => {
  it('raise-without-cause elides the arguments instead of cutting a word ("must b from err")', async () => {
    const code = [
      'def validate_exp(payload):',
      '    try:',
      '        exp = int(payload["exp"])',
      '    except ValueError:',
      '        raise DecodeError("Expiration Time claim (exp) must be an" " integer.")',
      '    return exp',
      '',
    ].join('\n');
    const [f] = await findings(['raise-without-cause'], 'lib/jwt.py', code);
    expect(f!.suggestion).toContain('`raise DecodeError(…) from err`');
    expect(f!.suggestion).not.toContain('must b');
  });

  it('long-line quotes the text before the break from a token boundary', async () => {
    const line = `    params.append(('oauth_body_hash', base64.b64encode(hashlib.sha1(request.body.encode('utf-8')).digest()).decode('utf-8')))`;
    const [f] = await findings(['long-line'], 'lib/sign.py', `def sign(params, request):\n${line}\n`);
    const quoted = /after `([^`]*)`/.exec(f!.suggestion)?.[1] ?? '';
    expect(quoted.startsWith('…')).toBe(true);
    expect(line).toContain(quoted.slice(1));
    // The character before the quoted part and its first character are not both word characters.
    const at = line.indexOf(quoted.slice(1));
    expect(/\w/.test(line[at - 1]!) && /\w/.test(line[at]!)).toBe(false);
  });
});

describe('mutable-default-argument says only what is true', () => {
  it('a default stored on the object and changed there: shared by instances, not "every later call"', async () => {
    const code = [
      'class Registry:',
      '    def __init__(self, handlers={}):',
      '        self.handlers = handlers',
      '',
      '    def register(self, key, fn):',
      '        self.handlers[key] = fn',
      '',
    ].join('\n');
    const [f] = await findings(['mutable-default-argument'], 'lib/registry.py', code);
    expect(f!.message).toBe(
      'Parameter `handlers` of `Registry.__init__` defaults to the mutable `{}`, which `self.handlers = handlers` at line 3 shares with every instance made without it, and the assignment to `self.handlers[key]` at line 6 changes.',
    );
  });

  it('a returned default is handed to callers, not changed by the return', async () => {
    const [f] = await findings(['mutable-default-argument'], 'lib/x.py', 'def defaults(opts={}):\n    return opts\n');
    expect(f!.message).toContain('`return opts` at line 2 hands that one object to every caller');
    expect(f!.message).not.toContain('changes for every later call');
  });
});

describe('type stubs (.pyi) are declarations', () => {
  // attrs' __init__.pyi: a signature over many lines, its `...` body on the last one.
  const params = Array.from({ length: 20 }, (_, i) => `    option_${i}: bool = ...,`).join('\n');
  const stub = `def make_class(\n    name: str,\n${params}\n) -> type: ...\n`;

  it('no unused-parameter or missing-docstring findings in a .pyi', async () => {
    expect(await findings(['unused-parameter', 'missing-docstring'], 'attr/__init__.pyi', stub)).toEqual([]);
  });

  it('the same code in a .py is still checked', async () => {
    const out = await findings(['unused-parameter'], 'attr/make.py', 'def make_class(name, attrs, eq=False):\n    return name.upper()\n');
    expect(out.map((f) => f.ruleId)).toContain('unused-parameter');
  });
});

describe('one coherent suggestion per function', () => {
  it('too-many-returns does not ask for one return at the end where complexity rules ask for early returns', async () => {
    const body = Array.from(
      { length: 8 },
      (_, i) => `    if kind == "k${i}":\n        if x:\n            if y:\n                return ${i}`,
    ).join('\n');
    const code = `def dispatch(kind, x, y):\n${body}\n    return None\n`;
    const out = await findings(['too-many-returns', 'cognitive-complexity', 'deep-nesting'], 'lib/dispatch.py', code);
    const all = suggestions(out).join('\n');
    expect(out.map((f) => f.ruleId)).toContain('too-many-returns');
    expect(all).not.toMatch(/returned at the end|single return|one return/);
  });
});

describe('dynamic-code-execution on compiled code', () => {
  it('does not offer ast.literal_eval for a code object', async () => {
    const code = 'def run(script, globs):\n    bytecode = compile(script, "<x>", "exec")\n    eval(bytecode, globs)\n';
    const [f] = await findings(['dynamic-code-execution'], 'lib/gen.py', code);
    expect(f!.suggestion).not.toContain('literal_eval');
    expect(f!.suggestion).toContain('Replace `eval` with ordinary code');
  });
});
