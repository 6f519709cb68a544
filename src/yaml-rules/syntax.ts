import Parser from 'tree-sitter';
import Python from 'tree-sitter-python';
import { parseSource } from '../languages/javascript/parse.js';
import type { SourceFile } from '../model/types.js';

/** The Python grammar as tree-sitter's Query constructor wants it. */
export const PYTHON_LANGUAGE = Python as unknown as Parser.Language;

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
  if (file.syntax?.kind === 'tree-sitter') return file.syntax.tree as Parser.Tree;
  let tree = trees.get(file);
  if (!tree) {
    if (!parser) {
      parser = new Parser();
      parser.setLanguage(PYTHON_LANGUAGE);
    }
    const text = file.text;
    const p = parser;
    try {
      tree = p.parse(text);
    } catch {
      const chunk = 16 * 1024;
      tree = p.parse((i: number) => (i < text.length ? text.slice(i, i + chunk) : ''));
    }
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
