import { defineRule } from '../../engine/rule.js';
import { importsModule } from '../shared/fix-edits.js';
import { short, sourceOf } from '../shared/model-query.js';

const NAN = /^(NaN|Number\.NaN|float\(\s*['"]nan['"]\s*\)|math\.nan|numpy\.nan|np\.nan)$/i;

export default defineRule({
  id: 'nan-comparison',
  dimension: 'reliability',
  meta: {
    description: 'Comparison with NaN, which is never equal to anything (not even itself).',
    why: '`x == NaN` is always false and `x != NaN` always true, so the check never detects NaN.',
    severity: 'error',
    languages: ['python', 'javascript', 'typescript'],
    messages: { nan: '`{text}` is always {result}: NaN is not equal to anything.' },
    fix: 'unsafe',
  },
  defaultOptions: {},
  create(ctx) {
    const python = ctx.file.language === 'python';
    return {
      comparison(c) {
        if (!['==', '===', '!=', '!==', 'is', 'is not'].includes(c.operator)) return;
        const nanRight = NAN.test(c.right.text.trim());
        if (!nanRight && !NAN.test(c.left.text.trim())) return;
        if (
          python &&
          (c.operator === 'is' || c.operator === 'is not') &&
          /^(math|numpy|np)\.nan$/i.test((nanRight ? c.right : c.left).text.trim())
        )
          return; // identity with the singleton is a valid (if fragile) check
        const other = short((nanRight ? c.left : c.right).text, 40);
        const negated = c.operator.startsWith('!') || c.operator === 'is not';
        const test = python ? `math.isnan(${other})` : `Number.isNaN(${other})`;
        const exact = sourceOf(ctx.file, (nanRight ? c.left : c.right).span);
        const fixed = `${negated ? (python ? 'not ' : '!') : ''}${python ? `math.isnan(${exact})` : `Number.isNaN(${exact})`}`;
        ctx.report({
          node: c,
          messageId: 'nan',
          data: { text: short(`${c.left.text} ${c.operator} ${c.right.text}`), result: negated ? 'true' : 'false' },
          suggestion: `Write \`${negated ? (python ? 'not ' : '!') : ''}${test}\`.`,
          // `math.isnan` only where `math` is imported as itself (the fix adds no import).
          ...(!python || importsModule(ctx.file, 'math') ? { fix: { span: c.span, text: fixed } } : {}),
        });
      },
    };
  },
});
