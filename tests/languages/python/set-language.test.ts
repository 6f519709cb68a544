import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { setPythonLanguage } from '../../../src/languages/python/set-language.js';

const require = createRequire(import.meta.url);
interface TsNode {
  type: string;
  text: string;
  startIndex: number;
  endIndex: number;
  startPosition: { row: number; column: number };
  children: TsNode[];
}
interface TsParser {
  setLanguage(language: unknown): void;
  parse(text: string): { rootNode: TsNode };
}
const TreeSitter = require('tree-sitter') as {
  new (): TsParser;
  Query: new (language: unknown, source: string) => { matches(n: TsNode): { captures: { name: string; node: TsNode }[] }[] };
};
const python = require('tree-sitter-python') as { nodeTypeInfo?: unknown[] };

const SOURCE = 'def f(a, b=1):\n    if a < b:\n        return g(a, "x")\n    return None\n';

function shape(n: TsNode): unknown {
  return [n.type, n.startIndex, n.endIndex, n.startPosition.row, n.startPosition.column, n.text.length, n.children.map(shape)];
}

describe('setPythonLanguage', () => {
  it('leaves the grammar table in place and gives trees with the same types, text and positions', () => {
    const before = python.nodeTypeInfo;
    expect(Array.isArray(before) && before.length > 100).toBe(true);
    const plain = setPythonLanguage(new TreeSitter(), python);
    expect(python.nodeTypeInfo).toBe(before);
    const root = plain.parse(SOURCE).rootNode;
    expect(root.type).toBe('module');
    const def = root.children[0]!;
    expect(def.type).toBe('function_definition');
    expect(def.children.map((c) => c.type)).toEqual(['def', 'identifier', 'parameters', ':', 'block']);
    expect(def.children[1]!.text).toBe('f');
    expect(def.children[4]!.startPosition).toEqual({ row: 1, column: 4 });
    expect(shape(root)).toEqual(shape(plain.parse(SOURCE).rootNode));
  });

  it('keeps the native query path working on its trees', () => {
    const plain = setPythonLanguage(new TreeSitter(), python);
    const query = new TreeSitter.Query(python, '(call function: (identifier) @fn arguments: (argument_list (string) @s))');
    const matches = query.matches(plain.parse(SOURCE).rootNode);
    expect(matches.map((m) => m.captures.map((c) => [c.name, c.node.type, c.node.text]))).toEqual([
      [
        ['fn', 'identifier', 'g'],
        ['s', 'string', '"x"'],
      ],
    ]);
  });
});
