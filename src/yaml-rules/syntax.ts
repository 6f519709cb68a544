import { createRequire } from 'node:module';
import type Parser from 'tree-sitter';
import { parseSource } from '../languages/javascript/parse.js';
import { setPythonLanguage } from '../languages/python/set-language.js';
import { trackTree } from '../languages/python/tree-memory.js';
import type { SourceFile } from '../model/types.js';

const require = createRequire(import.meta.url);
let treeSitter: { Parser: typeof Parser; language: Parser.Language } | null = null;

/**
 * tree-sitter and its Python grammar (as the Query constructor wants it), loaded on first use: a
 * run whose files are all cached compiles no query and parses nothing, so it never loads them.
 * The same module instances the Python front-end imports (one CommonJS cache).
 */
export function pythonTreeSitter(): { Parser: typeof Parser; language: Parser.Language } {
  return (treeSitter ??= {
    Parser: require('tree-sitter') as typeof Parser,
    language: require('tree-sitter-python') as Parser.Language,
  });
}

let parser: Parser | null = null;
const trees = new WeakMap<SourceFile, Parser.Tree>();
const programs = new WeakMap<SourceFile, BabelNode | null>();

/** A Babel AST node, read by field name. */
export interface BabelNode {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

/**
 * The tree-sitter tree of a Python file: the front-end's own (`file.syntax`)
 * when it kept it, else parsed once here and remembered for the other rules.
 */
export function pythonTree(file: SourceFile): Parser.Tree {
  if (file.syntax?.kind === 'tree-sitter' && file.syntax.tree) return file.syntax.tree as Parser.Tree;
  let tree = trees.get(file);
  if (!tree) {
    if (!parser) {
      const ts = pythonTreeSitter();
      parser = setPythonLanguage(new ts.Parser(), ts.language);
    }
    const text = file.text;
    const p = parser;
    try {
      tree = p.parse(text);
    } catch {
      const chunk = 16 * 1024;
      tree = p.parse((i: number) => (i < text.length ? text.slice(i, i + chunk) : ''));
    }
    trackTree(tree, text.length);
    trees.set(file, tree);
  }
  return tree;
}

/**
 * The Babel `Program` of a JS/TS file: the front-end's AST (`file.syntax`, a
 * File or a Program) when it kept it, else parsed once here with the
 * front-end's own parser options. Babel node types, not ESTree (see README).
 */
export function babelProgram(file: SourceFile): BabelNode | null {
  if (file.syntax?.kind === 'babel') {
    const ast = file.syntax.ast as BabelNode;
    return ast.type === 'File' ? (ast.program as BabelNode) : ast;
  }
  if (programs.has(file)) return programs.get(file)!;
  const program = (parseSource(file.path, file.text, file.language).ast as BabelNode | null) ?? null;
  programs.set(file, program);
  return program;
}
