import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import { loadAdapter } from '../../src/languages/registry.js';
import { selectorMatcher } from '../../src/yaml-rules/matchers/selector.js';
import { babelProgram } from '../../src/yaml-rules/syntax.js';
import type { SourceFile } from '../../src/model/types.js';

const esquery = createRequire(import.meta.url)('esquery') as {
  parse(s: string): object;
  match(ast: object, selector: object, options?: object): { start: number }[];
};

const CODE = `
const app = express();
app.get('/a', function handler(req, res) { res.send(fs.readFileSync('x')); });
function outer() { return [1, 2].map((x) => { if (x) { return eval('x'); } return x; }); }
label: for (;;) { if (a) { a = b ? c : d; break label; } }
`;

/** Expects each selector to match on `file` exactly the nodes esquery's own `match` gives; the number of matches. */
function sameAsEsquery(selectors: readonly string[], file: SourceFile): number {
  let matched = 0;
  for (const source of selectors) {
    const starts = selectorMatcher(source, ['javascript'])
      .find(file)
      .map((m) => m.start);
    const reference = esquery.match(babelProgram(file)!, esquery.parse(source)).map((n) => n.start);
    expect(starts, source).toEqual(reference.sort((a, b) => a - b));
    matched += starts.length;
  }
  return matched;
}

describe('ESLint-style selectors', () => {
  it('selectors compiled after a file was walked are caught up in one walk, with esquery’s results', async () => {
    const file = (await loadAdapter('javascript')).parse('late.js', CODE, 'javascript');
    const program = babelProgram(file)!;
    const first = selectorMatcher('CallExpression', ['javascript']);
    const firstStarts = first.find(file).map((m) => m.start);
    // Registered after `file` was walked for `first` (bundled rules compile on their first file).
    const late = [
      'FunctionDeclaration CallExpression[callee.name="eval"]',
      'IfStatement > BlockStatement > ReturnStatement',
      'ArrowFunctionExpression:has(IfStatement)',
      'ConditionalExpression',
      ':function > BlockStatement',
    ];
    for (const source of late) {
      const starts = selectorMatcher(source, ['javascript'])
        .find(file)
        .map((m) => m.start);
      const reference = esquery.match(program, esquery.parse(source)).map((n) => n.start);
      expect(starts.length, source).toBeGreaterThan(0);
      expect(starts, source).toEqual(reference.sort((a, b) => a - b));
    }
    expect(firstStarts).toEqual(
      esquery
        .match(program, esquery.parse('CallExpression'))
        .map((n) => n.start)
        .sort((a, b) => a - b),
    );
  });

  it('count lines as the JS front-end does, U+2028 included (as Babel and ESLint do)', async () => {
    const code = 'const s = "a\u2028b";\nfunction f(x) {\n  return x;\n}\nconsole.log(s, f);\n';
    const file = (await loadAdapter('javascript')).parse('ls.js', code, 'javascript');
    // Babel: the U+2028 inside the string ends line 1, so `function f` is on line 3.
    expect(file.functions[0]!.span.line).toBe(3);
    const [call] = selectorMatcher('CallExpression[callee.object.name="console"]', ['javascript']).find(file);
    expect(call!.span.line).toBe(6);
    expect(file.lines[call!.span.line - 1]).toBe('console.log(s, f);');
  });

  it('uses the front-end walk’s node order when it recorded one, and lists the nodes itself when not, with the same matches', async () => {
    // Fresh module instances: no child keys learnt by the other tests (esquery's `:has`, `~` and `nth-child` read them).
    vi.resetModules();
    const { loadAdapter: load } = await import('../../src/languages/registry.js');
    const { selectorMatcher: compile } = await import('../../src/yaml-rules/matchers/selector.js');
    const { babelProgram: programOf } = await import('../../src/yaml-rules/syntax.js');
    const { preorderOf } = await import('../../src/languages/javascript/walk.js');
    const file = (await load('javascript')).parse('order.js', CODE, 'javascript');
    expect(preorderOf(programOf(file)!)?.nodes.length).toBeGreaterThan(50);
    // The same text with no front-end syntax: the selector layer parses it again, and no walk recorded its nodes.
    const bare = { ...file, syntax: undefined };
    const bareProgram = programOf(bare)!;
    expect(preorderOf(bareProgram)).toBeUndefined();
    const selectors = [
      'ArrowFunctionExpression:has(IfStatement)',
      'ExpressionStatement ~ FunctionDeclaration',
      'BlockStatement > :nth-child(2)',
      'CallExpression',
    ];
    for (const source of selectors) {
      const matcher = compile(source, ['javascript']);
      const reference = esquery
        .match(bareProgram, esquery.parse(source))
        .map((n) => n.start)
        .sort((a, b) => a - b);
      expect(reference.length, source).toBeGreaterThan(0);
      expect(
        matcher.find(file).map((m) => m.start),
        source,
      ).toEqual(reference);
      expect(
        matcher.find(bare).map((m) => m.start),
        source,
      ).toEqual(reference);
    }
  });

  it('learns each file’s child keys before a :has is matched there (a key first seen in a later file counts)', async () => {
    vi.resetModules();
    const { loadAdapter: load } = await import('../../src/languages/registry.js');
    const { selectorMatcher: compile } = await import('../../src/yaml-rules/matchers/selector.js');
    const adapter = await load('typescript');
    const matcher = compile('ArrowFunctionExpression:has(TSStringKeyword)', ['typescript']);
    // The first file's arrows have no `returnType`; the second's does, and only there is the keyword.
    expect(matcher.find(adapter.parse('a.ts', 'const f = (x) => x;\n', 'typescript'))).toEqual([]);
    const second = matcher.find(adapter.parse('b.ts', "const g = (): string => 'a';\n", 'typescript'));
    expect(second.map((m) => m.captures.MATCH)).toEqual(["(): string => 'a'"]);
  });

  it('the prefilters (type and [path=value] tests, :has needs) keep exactly esquery’s matches', async () => {
    const adapter = await loadAdapter('javascript');
    const files = [
      adapter.parse(
        'with.js',
        `import helmet from 'helmet';\nconsole.log(parseInt('1'));\nNumber.parseInt(x, 10);\nres.cookie('a', 'b', { secure: true });\n`,
        'javascript',
      ),
      adapter.parse(
        'without.js',
        `console.info(1); process.exit(2); Promise.reject('no');\nres.cookie('a', 'b', { httpOnly: true });\n`,
        'javascript',
      ),
    ];
    // Babel's node names (toasty's ESTree aliases are not esquery's), so esquery's own `match` is the reference.
    const selectors = [
      'CallExpression[callee.object.name="console"][callee.property.name=/^(log|info)$/]',
      'CallExpression[callee.name="parseInt"][arguments.length=1], CallExpression[callee.object.name="Number"][arguments.length=2]',
      'CallExpression[callee.object.name="Promise"] > :matches(StringLiteral, TemplateLiteral)',
      'Program:has(ImportDeclaration[source.value="helmet"]), Program:has(CallExpression[callee.name="require"] > StringLiteral[value="helmet"])',
      'CallExpression[callee.property.name="cookie"]:not(:has(ObjectProperty[key.name="httpOnly"]))',
      'ExpressionStatement:has(CallExpression[callee.object.name="process"])',
      'CallExpression[arguments.length>1]',
      ':matches(StringLiteral, NumericLiteral, TemplateLiteral)',
      'CallExpression > :matches(StringLiteral, NumericLiteral)[value="no"], Program:has(:matches(ObjectProperty, StringLiteral)[value="b"])',
      // Typed subjects (their type test is left to the walk's dispatch) and regex verdicts remembered across nodes and files.
      'MemberExpression[property.name=/^(log|info|exit)$/]',
      'ExpressionStatement > CallExpression[callee.property.name=/^(log|info|exit|cookie)$/][arguments.length>1]',
      'NumericLiteral, StringLiteral[value=/^(a|b)$/]',
    ];
    let matched = 0;
    for (const source of selectors) {
      const matcher = selectorMatcher(source, ['javascript']);
      for (const file of files) {
        const starts = matcher.find(file).map((m) => m.start);
        const reference = esquery.match(babelProgram(file)!, esquery.parse(source)).map((n) => n.start);
        expect(starts, `${source} on ${file.path}`).toEqual(reference.sort((a, b) => a - b));
        matched += starts.length;
      }
    }
    expect(matched).toBeGreaterThanOrEqual(20);
  });

  it('a regex `!=` on a path that holds no string tests its string form, as esquery with a RegExp does, and never throws', async () => {
    const file = (await loadAdapter('javascript')).parse('neq.js', `f(1, 'a');\ng(x);\nh();\nobj.k = 2;\n`, 'javascript');
    const selectors = [
      'CallExpression[arguments.0.value!=/^a$/]', // a number, a missing argument (undefined) and a string
      'CallExpression[arguments.0!=/Identifier/]', // a node: "[object Object]"
      'AssignmentExpression[right.value!=/^2$/]',
      'CallExpression[arguments.length!=/^1$/]',
    ];
    const matched = sameAsEsquery(selectors, file);
    expect(matched).toBeGreaterThanOrEqual(6);
  });

  it('[path=value] prefilters match exactly as esquery on numbers, node types, a missing path ("undefined"), nested paths and untyped selectors', async () => {
    const code = [
      "const app = express(); cors(); cors({ origin: '*' });",
      "console.log(parseInt('1')); console.error(2); Number.parseInt('3'); parseInt('4', 10);",
      "process.exit(1); f(); g.h(); undefined.x(); res.cookie('a', 'b'); x.y.z();",
      'const parseInt2 = { name: "parseInt" };',
    ].join('\n');
    const file = (await loadAdapter('javascript')).parse('keys.js', code, 'javascript');
    const selectors = [
      'CallExpression[callee.object.name="console"][callee.property.name=/^(log|info)$/]',
      'CallExpression[callee.object.name="console"]', // the same test as the one above
      'CallExpression[callee.name="parseInt"][arguments.length=1], CallExpression[callee.object.name="Number"][callee.property.name="parseInt"][arguments.length=1]',
      'CallExpression[callee.type="Identifier"][callee.name="express"][arguments.length=0]',
      'CallExpression[arguments.length=1]', // a number
      'CallExpression[callee.type="MemberExpression"]', // a node type
      'CallExpression[callee.object.name="undefined"]', // esquery: `${undefined}` is "undefined", so calls with no callee.object match
      'CallExpression[callee.name="cors"] > ObjectExpression > ObjectProperty[key.name="origin"]',
      '[name="parseInt"]', // any node type
      'Identifier[name="app"], [name="cors"]',
    ];
    const matched = sameAsEsquery(selectors, file);
    expect(matched).toBeGreaterThanOrEqual(25);
  });
});
