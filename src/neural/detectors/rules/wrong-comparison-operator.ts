import { defineRule } from '../../../engine/rule.js';
import { detectorMeta } from './meta.js';

/**
 * A comparison operator that looks like a slip for another of `<`, `<=`, `>`, `>=` (an off-by-one
 * bound or a reversed comparison), judged by a small model from the operands' names, the construct
 * and the tokens around it. Its findings come from the detector pass (`../findings.ts`), not from visitors.
 */
export default defineRule({
  id: 'wrong-comparison-operator',
  dimension: 'reliability',
  source: 'neural',
  meta: detectorMeta('wrong-comparison-operator', {
    description: 'A comparison operator that looks like a slip for another one (off-by-one bound, reversed comparison).',
    why: '`i <= len(xs)` for `i < len(xs)` or `>` for `<` is a one-character bug that reads naturally; the model compares the operator with what code with these operands and this context usually means.',
    messages: { slip: '`{token}` looks like a slip for `{expected}` in this comparison (confidence {confidence})' },
  },
    { finds: '`<`/`<=`/`>`/`>=` slips that operand names give away, such as `i <= items.length` as a loop bound over an array', misses: 'bounds whose meaning is in the values (`x > 0` vs `x >= 0`), `==`/`!=`, `is`/`in`; discrimination 0.67 Python / 0.73 JS even with operand roles and the construct as features, and 0.45 (chance) on 120 real fixes mined from 49 other projects' },
  ),
  defaultOptions: {},
  create() {
    return {};
  },
});
