import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parsePythonFile } from '../../src/languages/python/index.js';
import { queryMatcher } from '../../src/yaml-rules/matchers/query.js';
import { compileTreeQuery } from '../../src/yaml-rules/matchers/tree-query.js';
import type { SourceFile } from '../../src/model/types.js';

interface Spec {
  query?: string;
  'pattern-either'?: Spec[];
  'pattern-not'?: Spec;
  'pattern-inside'?: Spec;
}

function bundledQueries(): string[] {
  const out = new Set<string>();
  const visit = (spec: Spec | undefined): void => {
    if (!spec) return;
    if (typeof spec.query === 'string') out.add(spec.query);
    for (const b of spec['pattern-either'] ?? []) visit(b);
    visit(spec['pattern-not']);
    visit(spec['pattern-inside']);
  };
  const dir = join(import.meta.dirname, '..', '..', 'rules', 'python');
  for (const f of readdirSync(dir, { recursive: true }).map(String)) {
    if (!f.endsWith('.yaml')) continue;
    const data = parseYaml(readFileSync(join(dir, f), 'utf8')) as Spec & { rules?: Spec[] };
    for (const r of data.rules ?? [data]) visit(r);
  }
  return [...out];
}

/** Anchors, alternations, several keyword arguments, interpolations, nesting, decorators, comments between arguments. */
const SOURCE = `import logging, requests, subprocess, time
DEBUG = True
logger = logging.getLogger(__name__)

def check(x):
    assert x, "x"
    def inner(y):
        assert y
        return y
    assert x > 1
    logger.info(f"{x} and {x}")
    logger.debug("%s", x)
    fmt("a", "b", x, "c", y)
    print(print(x), open("f", "rb"), open(name, mode))
    requests.get(url, timeout=3, verify=False)
    requests.post(url, **kw)
    subprocess.run(["ls"], check=True, text=True)
    open("a", "r", -1, "utf-8")
    open(  # the file
        "b")
    return inner

@csrf_exempt
@other.csrf_exempt
def view(request):
    breakpoint()
    import pdb; pdb.set_trace()

async def fetch():
    time.sleep(1)
    print("done")

if __name__ == "__main__":
    print("main")
`;

function nativeOnly(file: SourceFile): SourceFile {
  const syntax = file.syntax as { kind: 'tree-sitter'; tree: unknown };
  return { ...file, syntax: { kind: 'tree-sitter', tree: syntax.tree } };
}

describe('bundled queries over the front-end tree', () => {
  const queries = bundledQueries();

  it('every bundled query is in the subset the tree evaluator compiles', () => {
    expect(queries.length).toBeGreaterThan(20);
    for (const q of queries)
      expect(
        compileTreeQuery(q, () => []),
        q,
      ).not.toBeNull();
  });

  it('gives exactly the native cursor’s matches, in its order', () => {
    const file = parsePythonFile('t.py', SOURCE);
    const native = nativeOnly(file);
    let total = 0;
    for (const q of queries) {
      const m = queryMatcher(q, true, false);
      const fromTree = m.find(file);
      const fromNative = m.find(native);
      total += fromNative.length;
      expect(fromTree, q).toEqual(fromNative);
    }
    // the source exercises the queries: a good share of them match
    expect(total).toBeGreaterThan(20);
  });

  it('agrees with the cursor on multiple placements and anchors', () => {
    const extra = [
      '(call arguments: (argument_list (keyword_argument name: (identifier) @kw))) @match',
      '(string (interpolation) @i) @match',
      '(argument_list (string) (identifier) @id) @match',
      '(argument_list (string) @s (identifier)) @match',
      '(argument_list (string) (string) @s2 (identifier)) @match',
      '(argument_list . (_) @first) @match',
      '(argument_list (_) @last .) @match',
      '(argument_list (string) . (identifier) @after) @match',
      '(function_definition body: (block (assert_statement) @a)) @match',
      '((identifier) @id (#eq? @id "x"))',
      '(call function: [(identifier) (attribute attribute: (identifier))] @f) @match',
    ];
    const file = parsePythonFile('t.py', SOURCE);
    const native = nativeOnly(file);
    for (const q of extra) {
      expect(
        compileTreeQuery(q, () => []),
        q,
      ).not.toBeNull();
      const m = queryMatcher(q, true, false);
      const fromNative = m.find(native);
      expect(fromNative.length, q).toBeGreaterThan(0);
      expect(m.find(file), q).toEqual(fromNative);
    }
  });

  it('leaves queries outside the subset to tree-sitter', () => {
    expect(compileTreeQuery('(call (identifier)* @ids) @match', () => [])).toBeNull();
    expect(compileTreeQuery('(function_definition !return_type) @match', () => [])).toBeNull();
    expect(compileTreeQuery('(expression_statement) @a (comment) @b', () => [])).not.toBeNull();
    expect(compileTreeQuery('((comment) (function_definition) @f)', () => [])).toBeNull();
  });
});
