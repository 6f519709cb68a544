import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAdapter } from '../../src/languages/registry.js';
import type { RunResult } from '../../src/model/results.js';
import type { Language, SourceFile } from '../../src/model/types.js';
import { annotationNames, contextCandidates, defaultName } from '../../src/neural/names/candidates.js';
import { fileContext, nameSite, type NameSite } from '../../src/neural/names/features.js';
import { getNamer, loadNamesManifest, namingConvention, render, topIndices } from '../../src/neural/names/suggest.js';
import { toasty } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

// Sites and safety run the real front-ends; suggestions run the real shipped names model
// (models/toasty-names.onnx) through the built CLI.
const MODEL_DIR = join(import.meta.dirname, '..', '..', 'models');

async function parse(text: string, language: Language): Promise<SourceFile> {
  return (await loadAdapter(language)).parse(language === 'python' ? 'x.py' : 'x.js', text, language);
}

async function site(text: string, language: Language, name: string, fn?: string): Promise<NameSite> {
  const file = await parse(text, language);
  const ctx = fileContext(file)!;
  const b = file.bindings!.find((x) => x.name === name && (fn === undefined || file.functions[x.scope!]?.name === fn))!;
  expect(b, `binding ${name}`).toBeDefined();
  return nameSite(ctx, b)!;
}

describe('name sites', () => {
  it('finds every occurrence of a parameter but not attributes or keyword arguments of the same name', async () => {
    const text = 'def _load(q, mode="r"):\n    obj.q = q\n    f(q=q)\n    return open(q, mode).read()\n';
    const s = await site(text, 'python', 'q');
    expect(s.occurrences.map((o) => [text.slice(o.start, o.end), o.start])).toEqual([
      ['q', text.indexOf('q,')],
      ['q', text.indexOf('= q') + 2],
      ['q', text.indexOf('q=q') + 2],
      ['q', text.indexOf('open(q') + 5],
    ]);
    expect(s.unsafe).toBeNull();
    expect(s.features).toEqual(expect.arrayContaining(['fn:load', 'sib:mode', 'arg:open:0', 'lhs:q', 'kind:param']));
    // An attribute or keyword of the same name keeps its text (as it does after a rename) …
    expect(s.features).toEqual(expect.arrayContaining(['pp:q =']));
    // … but the binding's own occurrences never give its name away.
    const own = await site('def _load(q, mode="r"):\n    x = q\n    return open(q, mode).read()\n', 'python', 'q');
    expect(own.features.filter((f) => /(^|[: ])q( |$)/.test(f))).toEqual([]);
    expect(own.features).toEqual(expect.arrayContaining(['pp:x =', 'p:=', 'nn:, mode']));
  });

  it('says when renaming could change behaviour', async () => {
    const pub = 'def load(q):\n    return open(q).read()\n';
    expect((await site(pub, 'python', 'q')).unsafe).toMatch(/by keyword/);
    const dyn = 'def _load(q):\n    print(locals())\n    return q\n';
    expect((await site(dyn, 'python', 'q')).unsafe).toMatch(/locals/);
    const fstr = 'def _load(q):\n    print(f"{q}")\n    return q\n';
    expect((await site(fstr, 'python', 'q')).unsafe).toMatch(/string/);
    const nested = 'def _load(q):\n    def inner(q):\n        return q\n    return inner(q)\n';
    expect((await site(nested, 'python', 'q', '_load')).unsafe).toMatch(/nested/);
    const shorthand = 'function load(q) {\n  return send({ q });\n}\n';
    expect((await site(shorthand, 'javascript', 'q')).unsafe).toMatch(/shorthand/);
    const args = 'function load(q) {\n  return arguments[0] + q;\n}\n';
    expect((await site(args, 'javascript', 'q')).unsafe).toMatch(/arguments/);
    const plain = 'function load(q) {\n  const o = { q: 1 };\n  return fetch(q, o);\n}\n';
    const s = await site(plain, 'javascript', 'q');
    expect(s.unsafe).toBeNull();
    expect(s.occurrences).toHaveLength(2); // the object key is not the variable
  });

  it('reads the best candidates without sorting the whole row', () => {
    let seed = 7;
    const values = Float32Array.from({ length: 5000 }, () => ((seed = (seed * 48271) % 2147483647) % 1000) / 1000);
    const sorted = Array.from(values.keys()).sort((a, b) => values[b]! - values[a]! || a - b);
    expect(topIndices(values, 64)).toEqual(sorted.slice(0, 64));
    expect(topIndices(Float32Array.from([0.1, 0.5, 0.5, 0.2]), 8)).toEqual([1, 2, 3, 0]);
  });

  it('reads what callers in the file pass for a parameter, and the assignment a use feeds', async () => {
    const text = 'def _read(p):\n    full = join(p, "x")\n    return full\n\n\ndef main(file_path):\n    return _read(file_path)\n';
    const s = await site(text, 'python', 'p');
    expect(s.features).toEqual(expect.arrayContaining(['ca:file_path', 'cas:file', 'cas:path', 'tg:full', 'w:join']));
    // A keyword argument names the parameter itself: never read.
    const kw = await site('def _read(p):\n    return open(p)\n\n\ndef main(x):\n    return _read(p=x)\n', 'python', 'p');
    expect(kw.features.filter((f) => f.startsWith('ca'))).toEqual([]);
  });

  it('writes names in the file convention', async () => {
    expect(render('node_id', 'snake')).toBe('node_id');
    expect(render('node_id', 'camel')).toBe('nodeId');
    expect(namingConvention(await parse('function f(fooBar, bazQux) {\n  return fooBar + bazQux;\n}\n', 'javascript'))).toBe('camel');
    expect(namingConvention(await parse('def f(foo_bar):\n    return foo_bar\n', 'python'))).toBe('snake');
  });
});

const PY = `import os


def _read_lines(p):
    with open(p, encoding="utf-8") as fh:
        text = fh.read()
    lines = text.splitlines()
    kept = []
    for line in lines:
        if line.strip():
            kept.append(line)
    return kept


def count_words(s):
    words = s.split()
    total = 0
    for word in words:
        total += 1
    print(total)
    return total
`;

const JS = `export function handleRequest(r, res) {
  const url = r.url;
  const method = r.method;
  const headers = r.headers;
  if (method !== 'GET') {
    res.statusCode = 405;
    return res.end();
  }
  console.log(url, headers);
  res.end('ok');
}
`;

// Names the code states: the annotation and what the caller passes (`r`), the default and the caller (`t`).
const PY_CONTEXT = `DEFAULT_TIMEOUT = 30


class Request:
    headers = {}
    body = b""


def _dispatch(r: Request, t=DEFAULT_TIMEOUT):
    headers = r.headers
    body = r.body
    if t > 0:
        print(headers)
        return body
    return None


def serve(request, timeout):
    return _dispatch(request, timeout)
`;

describe('name suggestions (real model)', () => {
  const tree = tempTree({ 'a.py': PY, 'b.js': JS, 'c.py': PY_CONTEXT });
  afterAll(() => tree.remove());
  const config = (text: string): void => writeFileSync(join(tree.dir, '.toastyrc.yaml'), text);
  const grade = (...extra: string[]): RunResult => {
    const r = toasty(['grade', '.', '--no-cache', '--format', 'json', ...extra], tree.dir);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as RunResult;
  };
  const naming = (run: RunResult, file: string) =>
    run.files.find((f) => f.path.endsWith(file))!.findings.filter((f) => f.ruleId === 'short-identifier');

  it('the shipped manifest matches this toasty and the model loads', async () => {
    const manifest = loadNamesManifest(MODEL_DIR);
    expect(manifest.vocab.length).toBeGreaterThan(500);
    const namer = await getNamer(MODEL_DIR);
    expect(namer.session.inputNames).toEqual(['ids']);
  });

  it('suggests concrete, valid names, best first, and offers the rename only where it is safe', () => {
    config('rules:\n  short-identifier: info\n');
    const run = grade();
    const [p, s] = naming(run, 'a.py');
    expect(p!.line).toBe(4);
    const names = p!.nameSuggestions!.map((x) => x.name);
    expect(names.length).toBeGreaterThan(0);
    expect(names.length).toBeLessThanOrEqual(5);
    // What `open(p, …)` is given: the first suggestion names a file path (the model trained on the full
    // corpus says `filename`, then `file`, `file_name`, `fname`, `filepath`; `path` was the 3,000-name model's).
    expect(['filename', 'path', 'file_path', 'filepath', 'file_name', 'fname']).toContain(names[0]);
    expect(names.filter((n) => /file|path/.test(n)).length).toBeGreaterThanOrEqual(3);
    const confidences = p!.nameSuggestions!.map((x) => x.confidence);
    expect([...confidences].sort((x, y) => y - x)).toEqual(confidences);
    // Valid in context: snake_case identifiers, none already used in the function, no builtin, not `p`.
    for (const n of names) {
      expect(n).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(['text', 'lines', 'kept', 'line', 'fh', 'open', 'p', 'os', 'count_words', 'list', 'str']).not.toContain(n);
    }
    expect(p!.suggestion).toMatch(new RegExp(`^Rename \`p\` to \`${names[0]}\`( \\(or \`${names[1]}\`(, \`${names[2]}\`)?\\))?$`));
    // `_read_lines` is private: the rename is offered, one edit per occurrence.
    expect(p!.fix!.applicability).toBe('unsafe');
    expect(p!.fix!.edits.map((e) => [e.line, e.column, e.text])).toEqual([
      [4, 17, names[0]],
      [5, 15, names[0]],
    ]);
    // `count_words` is public: callers may pass `s=` by keyword, so no fix.
    expect(s!.line).toBe(15);
    expect(s!.nameSuggestions!.length).toBeGreaterThan(0);
    expect(s!.fix).toBeUndefined();
    const [r] = naming(run, 'b.js');
    const jsNames = r!.nameSuggestions!.map((x) => x.name);
    expect(jsNames).toContain('request');
    expect(['request', 'req']).toContain(jsNames[0]);
    for (const n of jsNames) {
      expect(n).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(['res', 'url', 'method', 'headers', 'console', 'self']).not.toContain(n);
    }
    // A JavaScript parameter is positional: the rename is offered, one edit per occurrence.
    expect(r!.fix!.edits.map((e) => [e.line, e.column])).toEqual([
      [1, 31],
      [2, 15],
      [3, 18],
      [4, 19],
    ]);
  });

  it('puts the names the code states first: the annotation, the default, what the caller passes', () => {
    config('rules:\n  short-identifier: info\n');
    const [r, t] = naming(grade(), 'c.py');
    expect([r!.line, r!.column, t!.line, t!.column]).toEqual([9, 15, 9, 27]);
    for (const f of [r!, t!]) {
      // The JSON is valid: at most 5 distinct identifiers, confidences in (0, 1), best first.
      const list = f.nameSuggestions!;
      expect(list.length).toBeGreaterThan(0);
      expect(list.length).toBeLessThanOrEqual(5);
      expect(new Set(list.map((x) => x.name)).size).toBe(list.length);
      for (const x of list) {
        expect(Object.keys(x).sort()).toEqual(['confidence', 'name']);
        expect(x.name).toMatch(/^[a-z][a-z0-9_]*$/);
        expect(x.confidence).toBeGreaterThan(0);
        expect(x.confidence).toBeLessThan(1);
      }
      expect(list.map((x) => x.confidence)).toEqual([...list.map((x) => x.confidence)].sort((a, b) => b - a));
      // Never a name already used in the function.
      expect(list.map((x) => x.name)).not.toContain('headers');
      expect(list.map((x) => x.name)).not.toContain('body');
    }
    expect(r!.nameSuggestions![0]!.name).toBe('request');
    expect(r!.suggestion).toMatch(/^Rename `r` to `request`/);
    expect(t!.nameSuggestions![0]!.name).toBe('timeout');
    // `_dispatch` is private: the rename is offered over every occurrence.
    expect(r!.fix!.edits.map((e) => [e.line, e.column, e.text])).toEqual([
      [9, 15, 'request'],
      [10, 15, 'request'],
      [11, 12, 'request'],
    ]);
  });

  it('SARIF carries the names and the suggestion', () => {
    config('rules:\n  short-identifier: info\n');
    const r = toasty(['grade', 'a.py', '--no-cache', '--format', 'sarif'], tree.dir);
    const sarif = JSON.parse(r.stdout) as {
      runs: { results: { ruleId: string; message: { text: string }; properties: { nameSuggestions?: { name: string }[] } }[] }[];
    };
    const result = sarif.runs[0]!.results.find((x) => x.ruleId === 'short-identifier')!;
    expect(result.message.text).toMatch(/Rename `p` to `\w+`/);
    expect(result.properties.nameSuggestions!.length).toBeGreaterThan(0);
    const pretty = toasty(['grade', 'a.py', '--no-cache', '--format', 'pretty', '--no-color'], tree.dir);
    expect(pretty.stdout).toMatch(/Rename `p` to `\w+`/);
    expect(pretty.stdout).toMatch(/names: \w+ \d\.\d\d/);
  });

  it('`toasty fix --unsafe` applies the first suggested rename where it is offered, and only then', () => {
    const t = tempTree({ 'a.py': PY, '.toastyrc.yaml': 'rules:\n  short-identifier: info\n' });
    try {
      const run = JSON.parse(toasty(['grade', 'a.py', '--no-cache', '--format', 'json'], t.dir).stdout) as RunResult;
      const first = naming(run, 'a.py')[0]!.nameSuggestions![0]!.name;
      const safeOnly = toasty(['fix', 'a.py'], t.dir);
      expect(safeOnly.code, safeOnly.stderr).toBe(0);
      expect(readFileSync(join(t.dir, 'a.py'), 'utf8')).toContain('def _read_lines(p):');
      const r = toasty(['fix', 'a.py', '--unsafe', '--format', 'json'], t.dir);
      expect(r.code, r.stderr).toBe(0);
      const text = readFileSync(join(t.dir, 'a.py'), 'utf8');
      expect(text).toContain(`def _read_lines(${first}):`);
      expect(text).toContain(`with open(${first}, encoding="utf-8") as fh:`);
      // `count_words` is public (callers may pass `s=`): never renamed.
      expect(text).toContain('def count_words(s):');
      const report = JSON.parse(r.stdout) as { files: { applied: { ruleId: string; applicability: string }[] }[] };
      expect(report.files[0]!.applied.filter((x) => x.ruleId === 'short-identifier')).toEqual([
        expect.objectContaining({ ruleId: 'short-identifier', applicability: 'unsafe' }),
      ]);
    } finally {
      t.remove();
    }
  });

  it('`neural: { names: false }` and `--no-neural` keep the generic advice', () => {
    config('rules:\n  short-identifier: info\nneural:\n  names: false\n');
    for (const f of naming(grade(), 'a.py')) {
      expect(f.nameSuggestions).toBeUndefined();
      expect(f.suggestion).toMatch(/to a word that says what it holds/);
    }
    config('rules:\n  short-identifier: info\n');
    for (const f of naming(grade('--no-neural'), 'a.py')) {
      expect(f.nameSuggestions).toBeUndefined();
      expect(f.fix).toBeUndefined();
    }
  });
});

describe('names the code states (context candidates)', () => {
  const candidates = async (text: string, language: Language, name: string, fn?: string) => {
    const file = await parse(text, language);
    const ctx = fileContext(file)!;
    const b = file.bindings!.find((x) => x.name === name && (fn === undefined || file.functions[x.scope!]?.name === fn))!;
    return Object.fromEntries([...contextCandidates(ctx, nameSite(ctx, b)!)].map(([n, s]) => [n, [...s.keys()].sort()]));
  };

  it('reads type annotations, defaults and what callers pass', async () => {
    expect(annotationNames('Request')).toEqual({ full: ['request'], tail: [] });
    expect(annotationNames('Optional["http.HTTPConnection"]').full).toEqual(['http_connection']);
    expect(annotationNames('AbstractEventLoop')).toEqual({ full: ['event_loop'], tail: ['loop', 'abstract_event_loop'] });
    expect(annotationNames('List[Request]').full).toEqual(['requests']);
    expect(annotationNames('IOptions[]').full).toEqual(['options']);
    expect(annotationNames('str')).toEqual({ full: [], tail: [] });
    expect(annotationNames('Dict[str, Node]')).toEqual({ full: [], tail: [] });
    expect(defaultName('sys.stdout')).toBe('stdout');
    expect(defaultName('DEFAULT_TIMEOUT')).toBe('timeout');
    expect(defaultName('30')).toBeNull();
    expect(defaultName('None')).toBeNull();
    const text =
      'def _send(r: Request, t=DEFAULT_TIMEOUT):\n    return r\n\n\ndef main(request, timeout):\n    return _send(request, timeout)\n';
    expect(await candidates(text, 'python', 'r')).toEqual({ request: ['annotation', 'caller'] });
    expect(await candidates(text, 'python', 't')).toEqual({ timeout: ['caller', 'default'] });
  });

  it('reads where a value goes and where it comes from, never a docstring or comment', async () => {
    const text = [
      'class Client:',
      '    def __init__(self, s, h):',
      '        """s: the session to use (a docstring naming it is never read)."""',
      '        # s is the session',
      '        self.session = s',
      '        _register(h, callback=h)',
      '        for item in h:',
      '            print(item)',
      '        p = get_parser()',
      '        q = self.config["timeout"]',
      '        _send({"payload": q})',
      '        n = a + b',
      '        return p, q, n',
      '',
      '',
      'def _register(handler, callback=None):',
      '    return handler, callback',
      '',
    ].join('\n');
    expect(await candidates(text, 'python', 's', '__init__')).toEqual({ session: ['attribute'] });
    expect(await candidates(text, 'python', 'h', '__init__')).toEqual({
      callback: ['keyword'],
      handler: ['calleeParam'],
      items: ['iteratedAs'],
    });
    expect(await candidates(text, 'python', 'p', '__init__')).toEqual({ parser: ['assignedFrom'] });
    expect(await candidates(text, 'python', 'q', '__init__')).toEqual({ timeout: ['assignedFrom'], payload: ['key'] });
    expect(await candidates(text, 'python', 'n', '__init__')).toEqual({});
    // A keyword of the function's own recursive call is the parameter's current name: not evidence.
    const rec = 'def _walk(n, depth=0):\n    if depth > 3:\n        return n\n    return _walk(n, depth=depth + 1)\n';
    expect(await candidates(rec, 'python', 'depth')).toEqual({});
    const js = 'function load(o, n) {\n  const cfg = { options: o };\n  for (const entry of n) use(entry);\n  return cfg;\n}\n';
    expect(await candidates(js, 'javascript', 'o')).toEqual({ options: ['key'] });
    expect(await candidates(js, 'javascript', 'n')).toEqual({ entries: ['iteratedAs'] });
    // The file's habit: what its other functions call the parameter at that position, and the names read with the same attributes.
    const habit =
      'function a(node, opts) {\n  return node.type + node.loc;\n}\nfunction b(node) {\n  return node.type;\n}\nfunction c(n) {\n  return n.type + n.loc;\n}\n';
    expect(await candidates(habit, 'javascript', 'n')).toEqual({ node: ['fileParam', 'sameUses'] });
  });
});
