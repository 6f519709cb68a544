import { defineRule } from '../../engine/rule.js';
import type { Language, Span } from '../../model/types.js';

/**
 * Boolean operators in a condition, counted on the condition text the model gives
 * (`BranchNode.condition` for if/elif, `LoopNode.iterable` for while/do-while):
 * `and`/`or` (Python) or `&&`/`||` (JS/TS) outside string literals and outside
 * nested function bodies. `??` and `not`/`!` are not counted (SonarSource S1067 counts `&&`, `||` and `?:`).
 */
export function booleanOperators(text: string, language: Language): number {
  const code = text
    .replace(/(["'`])(?:\\.|(?!\1)[^\\])*\1/gs, '""')
    .replace(/=>\s*\{[^{}]*\}/g, '')
    .replace(/\blambda\b[^:]*:[^,)]*/g, '');
  const re = language === 'python' ? /\b(and|or)\b/g : /&&|\|\|/g;
  return (code.match(re) ?? []).length;
}

export default defineRule({
  id: 'complex-condition',
  dimension: 'complexity',
  meta: {
    description: 'An if/while condition combines more boolean operators than allowed.',
    why: 'A condition with many `and`/`or` (`&&`/`||`) terms must be evaluated in the head, case by case; naming its parts makes the intent readable and testable (SonarSource S1067).',
    severity: 'info',
    // Off by default: mostly noise on real code (bench/precision, docs/rule-precision.json); opt in per project.
    defaultOff: true,
    languages: ['python', 'javascript', 'typescript'],
    messages: { complex: 'Condition of this `{kind}` has {value} boolean operators (max {max}).' },
    optionSchema: { max: { type: 'number', minimum: 0 } },
  },
  defaultOptions: { max: 3 },
  create(ctx, { max }) {
    const { file } = ctx;
    const python = file.language === 'python';
    const report = (kind: string, condition: string, span: Span): void => {
      const value = booleanOperators(condition, file.language);
      if (value <= max) return;
      const headLine = file.lines[span.line - 1] ?? '';
      ctx.report({
        node: { line: span.line, column: span.column, endLine: span.line, endColumn: headLine.length + 1 },
        messageId: 'complex',
        data: { kind, value, max },
        metric: { name: 'booleanOperators', value, threshold: max },
        suggestion: python
          ? `Name the parts of the condition on line ${span.line}: assign each group of \`and\`/\`or\` terms to a well-named boolean (\`is_ready = …\`) or move the test into a helper \`def …() -> bool\`.`
          : `Name the parts of the condition on line ${span.line}: assign each group of \`&&\`/\`||\` terms to a well-named const (\`const isReady = …\`) or move the test into a helper function returning a boolean.`,
      });
    };
    return {
      branch(b) {
        if ((b.kind === 'if' || b.kind === 'elif') && b.condition)
          report(b.kind === 'elif' && !python ? 'else if' : b.kind, b.condition, b.span);
      },
      loop(l) {
        if ((l.kind === 'while' || l.kind === 'do-while') && l.iterable) report(l.kind, l.iterable, l.span);
      },
    };
  },
});
