/** Babel parsing with error recovery and fallbacks. Never throws. */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ParserOptions, ParserPlugin } from '@babel/parser';
import type { ParseProblem } from '../../model/types.js';
import { vendorDir } from '../../util/paths.js';
import type { BNode } from './walk.js';

/**
 * Babel takes about 40 ms to load: a run with no JS/TS file never pays for it. The build's copy
 * (scripts/patch-babel.mjs: the same parser, its token list made in linear time instead of one
 * splice of the whole list per template literal or `#name`) when it was built, else the package.
 */
const require = createRequire(import.meta.url);
export const PATCHED_BABEL = join(vendorDir(), 'babel-parser.cjs');
let babel: typeof import('@babel/parser') | null = null;
function loadBabel(): typeof import('@babel/parser') {
  try {
    return require(PATCHED_BABEL) as typeof import('@babel/parser');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    return require('@babel/parser') as typeof import('@babel/parser');
  }
}
function babelParse(text: string, options: ParserOptions): ReturnType<typeof import('@babel/parser').parse> {
  babel ??= loadBabel();
  return babel.parse(text, options);
}

export interface BabelToken {
  type: string | { label: string; keyword?: string };
  value?: unknown;
  start: number;
  end: number;
  loc: { start: { line: number; column: number }; end: { line: number; column: number } };
}

export interface BabelComment {
  type: 'CommentBlock' | 'CommentLine';
  value: string;
  start: number;
  end: number;
  loc: { start: { line: number; column: number }; end: { line: number; column: number } };
}

export interface ParseOutcome {
  ast: BNode | null;
  /** The Babel `File` node (`ast` is its `program`), or null. */
  file: BNode | null;
  tokens: BabelToken[];
  comments: BabelComment[];
  problems: ParseProblem[];
}

type Dialect = 'ts' | 'tsx' | 'js';

export function dialectOf(path: string, language: string): Dialect {
  const lower = path.toLowerCase();
  if (lower.endsWith('.tsx')) return 'tsx';
  if (/\.(ts|mts|cts)$/.test(lower)) return 'ts';
  if (/\.(js|jsx|mjs|cjs)$/.test(lower)) return 'js';
  return language === 'typescript' ? 'ts' : 'js';
}

function pluginsFor(dialect: Dialect, withJsx: boolean): ParserPlugin[] {
  const common: ParserPlugin[] = [
    'decoratorAutoAccessors',
    'explicitResourceManagement',
    'importReflection',
    'sourcePhaseImports',
    'deferredImportEvaluation',
  ];
  if (dialect === 'js') {
    return [
      ...(withJsx ? (['jsx'] as ParserPlugin[]) : []),
      ['decorators', { decoratorsBeforeExport: false, allowCallParenthesized: true }],
      ...common,
    ];
  }
  return [['typescript', {}], ...(dialect === 'tsx' ? (['jsx'] as ParserPlugin[]) : []), 'decorators-legacy', ...common];
}

function baseOptions(sourceType: ParserOptions['sourceType'], plugins: ParserPlugin[]): ParserOptions {
  return {
    sourceType,
    plugins,
    errorRecovery: true,
    tokens: true,
    attachComment: false,
    allowReturnOutsideFunction: true,
    allowAwaitOutsideFunction: true,
    allowImportExportEverywhere: true,
    allowNewTargetOutsideFunction: true,
    allowSuperOutsideMethod: true,
    allowUndeclaredExports: true,
    createParenthesizedExpressions: false,
  };
}

/** `Unexpected token (3:4)` → `Unexpected token`. */
function cleanMessage(message: string): string {
  return message.replace(/\s*\(\d+:\d+\)\s*$/, '');
}

interface ErrorLike {
  message?: unknown;
  loc?: { line: number; column: number };
}

function problemOf(err: unknown): ParseProblem {
  const e = (err ?? {}) as ErrorLike;
  if (err instanceof RangeError) {
    return { message: `Parser gave up: ${String(e.message)} (input nested too deeply)`, line: 1, column: 1, nestedTooDeep: true };
  }
  const loc = e.loc;
  return {
    message: cleanMessage(String(e.message ?? err)),
    line: loc && typeof loc.line === 'number' ? loc.line : 1,
    column: loc && typeof loc.column === 'number' ? loc.column + 1 : 1,
  };
}

/** The comments (and a hashbang) before the first statement. */
const HEADER = /^(?:\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|#![^\n]*)*/;

/** Flow's pragma (`@flow`, `@flow strict`) in the header comments, as Flow itself looks for it. */
function isFlowFile(text: string): boolean {
  const header = HEADER.exec(text.slice(0, 8192))?.[0] ?? '';
  return /@flow\b/.test(header);
}

function flowPlugins(): ParserPlugin[] {
  return ['jsx', ['flow', { all: true }], ...pluginsFor('js', false)];
}

/** Babel's token list without its comment entries (their `type` is a string), compacted in place: Babel's list is ours. */
function withoutComments(tokens: BabelToken[]): BabelToken[] {
  let kept = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (typeof t.type !== 'string') tokens[kept++] = t;
  }
  tokens.length = kept;
  return tokens;
}

export function parseSource(path: string, text: string, language: string): ParseOutcome {
  const dialect = dialectOf(path, language);
  const attempts: ParserOptions[] = [
    // A file that says it is Flow is parsed as Flow first (type annotations are not JavaScript).
    ...(dialect === 'js' && isFlowFile(text) ? [baseOptions('unambiguous', flowPlugins())] : []),
    baseOptions('unambiguous', pluginsFor(dialect, true)),
    baseOptions('module', pluginsFor(dialect, true)),
    baseOptions('script', pluginsFor(dialect, true)),
  ];
  if (dialect === 'js') attempts.push(baseOptions('unambiguous', pluginsFor(dialect, false)));
  let firstError: unknown = null;
  for (const options of attempts) {
    try {
      const file = babelParse(text, options) as unknown as BNode & { errors?: unknown[]; tokens?: BabelToken[]; comments?: BabelComment[] };
      const problems = (file.errors ?? []).map(problemOf);
      return {
        ast: file.program as BNode,
        file,
        tokens: withoutComments((file.tokens ?? []) as BabelToken[]),
        comments: (file.comments ?? []) as BabelComment[],
        problems,
      };
    } catch (err) {
      if (firstError === null) firstError = err;
      if (err instanceof RangeError) break; // stack overflow: retrying will not help
    }
  }
  return { ast: null, file: null, tokens: [], comments: [], problems: [problemOf(firstError)] };
}
