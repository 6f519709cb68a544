/**
 * JavaScript / TypeScript front-end: Babel parse → language-neutral SourceFile.
 * Cyclomatic = ESLint 9 `complexity` (classic); cognitive = eslint-plugin-sonarjs S3776 per
 * function. Never throws.
 */
import type { LanguageAdapter } from '../adapter.js';
import { emptySourceFile } from '../../model/empty-file.js';
import type { FileMetrics, Language, SourceFile } from '../../model/types.js';
import { commentPercent, maintainabilityIndex } from '../mi.js';
import { buildModel } from './build-model.js';
import { createExtension } from './extension.js';
import { CognitivePass } from './cognitive.js';
import { CyclomaticPass } from './cyclomatic.js';
import { parseSource } from './parse.js';
import { classifyLines, classifyLinesUnparsed, countLines, splitLines, type LineInfo } from './raw-metrics.js';
import { convertTokens, HalsteadTable } from './tokens.js';

function fileMetrics(info: LineInfo, lloc: number, volume: number, cyclomaticTotal: number): FileMetrics {
  const { sloc, comments, blank } = countLines(info);
  const loc = info.loc;
  return {
    loc,
    sloc,
    lloc,
    comments,
    multi: 0,
    blank,
    halsteadVolume: volume,
    cyclomaticTotal,
    maintainabilityIndex: maintainabilityIndex(volume, cyclomaticTotal, lloc, commentPercent(comments, 0, sloc)),
    commentRatio: loc > 0 ? comments / loc : 0,
  };
}

export function parseJavaScript(path: string, text: string, language: Language): SourceFile {
  const src = typeof text === 'string' ? text.replace(/^\uFEFF/, '') : '';
  const lines = splitLines(src);
  const file = emptySourceFile({
    path,
    language,
    text: typeof text === 'string' ? text : '',
    lines,
    parsed: true,
    problems: [],
    cyclomaticTotal: 1,
  });
  try {
    const outcome = parseSource(path, src, language);
    file.problems = outcome.problems;
    if (!outcome.ast) {
      file.parsed = false;
      file.metrics = fileMetrics(classifyLinesUnparsed(lines), 0, 0, 1);
      return file;
    }
    const tokens = convertTokens(outcome.tokens, src);
    file.tokens = tokens;
    // The Babel File AST (its `program` is `outcome.ast`) stays alive with the model for YAML
    // selector rules; its raw token list (all the tokens again, converted above) does not need to.
    if (outcome.file) delete outcome.file.tokens;
    file.syntax = { kind: 'babel', ast: outcome.file ?? outcome.ast };
    file.comments = outcome.comments.map((c) => ({
      type: 'comment' as const,
      text: c.value,
      span: { line: c.loc.start.line, column: c.loc.start.column + 1, endLine: c.loc.end.line, endColumn: c.loc.end.column + 1 },
      isDoc: c.type === 'CommentBlock' && c.value.startsWith('*') && c.value !== '*',
    }));
    const ext = createExtension(src, outcome.comments);
    // Cyclomatic and cognitive complexity are counted in the model's own walk.
    const cyclomaticPass = new CyclomaticPass();
    const cognitivePass = new CognitivePass();
    const model = buildModel(outcome.ast, src, outcome.tokens, outcome.comments, ext.co, [cyclomaticPass, cognitivePass]);
    const extension = ext.finish(model);
    const cyclomatic = cyclomaticPass.result();
    const cognitive = cognitivePass.result;
    const info = classifyLines(src, lines.length, outcome.tokens, outcome.comments);

    // Token index ranges per function for Halstead.
    const tokenStarts = new Float64Array(outcome.tokens.length);
    for (let i = 0; i < tokenStarts.length; i++) tokenStarts[i] = outcome.tokens[i]!.start;
    const lowerBound = (offset: number): number => {
      let lo = 0;
      let hi = tokenStarts.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (tokenStarts[mid]! < offset) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const halstead = new HalsteadTable(tokens);
    let functionCyclomatic = 0;
    model.functions.forEach((fn, i) => {
      const node = model.functionNodes[i]!;
      const ctx = model.fnCtxs[i]!;
      const m = fn.metrics;
      m.cyclomatic = cyclomatic.functions.get(node) ?? 1;
      m.cognitive = cognitive.get(node) ?? 0;
      m.maxNesting = ctx.maxNesting;
      m.returns = ctx.returns;
      m.loc = fn.span.endLine - fn.span.line + 1;
      m.sloc = (info.codePrefix[fn.span.endLine] ?? 0) - (info.codePrefix[fn.span.line - 1] ?? 0);
      m.halsteadVolume = halstead.volume(lowerBound(node.start), lowerBound(node.end));
      functionCyclomatic += m.cyclomatic;
    });
    const total = functionCyclomatic + 1 + cyclomatic.outsideDecisions;
    file.functions = model.functions;
    file.classes = model.classes;
    file.imports = model.imports;
    file.calls = model.calls;
    file.loops = model.loops;
    file.branches = model.branches;
    Object.assign(file, extension);
    file.metrics = fileMetrics(info, model.statements, halstead.volume(), total);
    return file;
  } catch (err) {
    // Stack overflow or an unexpected AST shape: report, never throw.
    const failed = emptySourceFile({
      path,
      language,
      text: file.text,
      lines,
      parsed: false,
      problems: [
        ...file.problems,
        { message: `Could not analyse file: ${err instanceof Error ? err.message : String(err)}`, line: 1, column: 1 },
      ],
      cyclomaticTotal: 1,
    });
    failed.comments = file.comments;
    failed.tokens = file.tokens;
    failed.metrics = fileMetrics(classifyLinesUnparsed(lines), 0, 0, 1);
    return failed;
  }
}

export const javascriptAdapter: LanguageAdapter = {
  languages: ['javascript', 'typescript'] as const,
  parse: parseJavaScript,
};
