import type { Language, ParseProblem, SourceFile } from './types.js';

/**
 * The model of a file with nothing to grade in it: every list empty, no metrics. Both front-ends
 * use it, for an empty JS/TS file (parsed, one path through the module) and for a Python file
 * the parser could not read at all (not parsed, with its problem, no path counted).
 */
export function emptySourceFile(file: {
  path: string;
  language: Language;
  text: string;
  lines: string[];
  parsed: boolean;
  problems: ParseProblem[];
  cyclomaticTotal: number;
}): SourceFile {
  return {
    path: file.path,
    language: file.language,
    text: file.text,
    lines: file.lines,
    functions: [],
    classes: [],
    imports: [],
    calls: [],
    loops: [],
    branches: [],
    comments: [],
    tokens: [],
    problems: file.problems,
    parsed: file.parsed,
    bindings: [],
    assignments: [],
    comparisons: [],
    binaries: [],
    handlers: [],
    jumps: [],
    strings: [],
    numbers: [],
    collections: [],
    blocks: [],
    metrics: {
      loc: 0,
      sloc: 0,
      lloc: 0,
      comments: 0,
      multi: 0,
      blank: 0,
      halsteadVolume: 0,
      cyclomaticTotal: file.cyclomaticTotal,
      maintainabilityIndex: 100,
      commentRatio: 0,
    },
  };
}
