/**
 * What a flagged token could have been: the confusion groups the model was trained on
 * (models/training/corrupt.py), off-by-one literals, identifiers of the same window, other operators.
 */
import type { LexLanguage } from './lexer.js';

const PY_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case'.split(
    ' ',
  ),
);
const JS_KEYWORDS = new Set(
  'break case catch class const continue debugger default delete do else export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static enum await implements package protected interface private public async of get set undefined'.split(
    ' ',
  ),
);

const COMMON_GROUPS = [
  ['<', '<=', '>', '>='],
  ['+', '-'],
  ['*', '/'],
  ['+=', '-='],
  ['*=', '/='],
  ['<<', '>>'],
  ['&', '|'],
  ['|', '^'],
  ['min', 'max'],
  ['break', 'continue'],
  ['startswith', 'endswith'],
  ['lower', 'upper'],
  ['keys', 'values', 'items'],
  ['floor', 'ceil'],
  ['first', 'last'],
  ['left', 'right'],
  ['width', 'height'],
  ['start', 'end'],
  ['x', 'y'],
  ['row', 'col'],
  ['push', 'unshift'],
  ['pop', 'shift'],
  ['before', 'after'],
  ['prev', 'next'],
  ['min_', 'max_'],
  ['i', 'j'],
  ['src', 'dst'],
  ['key', 'value'],
];
const PY_GROUPS = [
  ...COMMON_GROUPS,
  ['==', '!='],
  ['is', '=='],
  ['and', 'or'],
  ['True', 'False'],
  ['/', '//'],
  ['any', 'all'],
  ['append', 'extend'],
  ['if', 'elif'],
  ['%', '//'],
];
const JS_GROUPS = [
  ...COMMON_GROUPS,
  ['===', '!=='],
  ['==', '!='],
  ['&&', '||'],
  ['||', '??'],
  ['true', 'false'],
  ['null', 'undefined'],
  ['++', '--'],
  ['let', 'const'],
  ['slice', 'splice'],
  ['some', 'every'],
  ['indexOf', 'lastIndexOf'],
  ['%', '/'],
];

function groupMap(groups: string[][]): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const g of groups) for (const t of g) for (const x of g) if (x !== t) (out.get(t) ?? out.set(t, new Set()).get(t)!).add(x);
  return new Map([...out].map(([k, v]) => [k, [...v].sort()]));
}

const GROUPS: Record<LexLanguage, Map<string, string[]>> = { python: groupMap(PY_GROUPS), javascript: groupMap(JS_GROUPS) };
export const KEYWORDS: Record<LexLanguage, Set<string>> = { python: PY_KEYWORDS, javascript: JS_KEYWORDS };

const OPERATORS: Record<LexLanguage, string[]> = {
  python: [
    '+',
    '-',
    '*',
    '/',
    '//',
    '%',
    '**',
    '<',
    '<=',
    '>',
    '>=',
    '==',
    '!=',
    '=',
    '+=',
    '-=',
    '*=',
    '/=',
    '&',
    '|',
    '^',
    '~',
    '<<',
    '>>',
    '@',
  ],
  javascript: [
    '+',
    '-',
    '*',
    '/',
    '%',
    '**',
    '<',
    '<=',
    '>',
    '>=',
    '==',
    '!=',
    '===',
    '!==',
    '=',
    '+=',
    '-=',
    '*=',
    '/=',
    '&&',
    '||',
    '??',
    '!',
    '&',
    '|',
    '^',
    '~',
    '<<',
    '>>',
    '>>>',
    '++',
    '--',
  ],
};

/** Punctuation never reported: a wrong one is a syntax error, which the parser already reports. */
export const NOT_REPORTED = new Set([
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ';',
  ':',
  '.',
  '...',
  '?.',
  '=>',
  '->',
  '@',
  '#',
  '\\',
  '`',
  '"',
  "'",
  '?',
  '$',
]);

const INT = /^[0-9]{1,6}$/;

/** Plausible replacements for `text`; `windowIdentifiers` are the non-keyword identifiers around it. */
export function candidatesFor(text: string, kind: string, language: LexLanguage, windowIdentifiers: readonly string[]): string[] {
  const out = new Set<string>(GROUPS[language].get(text) ?? []);
  if (kind === 'num' && INT.test(text)) {
    const v = Number(text);
    out.add(String(v + 1));
    if (v > 0) out.add(String(v - 1));
  } else if (kind === 'id' && !KEYWORDS[language].has(text)) {
    for (const id of windowIdentifiers) out.add(id);
  } else if (kind === 'op') {
    for (const op of OPERATORS[language]) out.add(op);
  }
  out.delete(text);
  return [...out].sort();
}
