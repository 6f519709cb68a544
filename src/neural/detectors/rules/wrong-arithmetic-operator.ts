import { defineRule } from '../../../engine/rule.js';
import { detectorMeta } from './meta.js';

/**
 * An arithmetic operator that looks like a slip for its twin (`+`/`-`, `*`/`/`), judged from the
 * operands' names and the surrounding tokens. String, list and literal-collection operands are never
 * candidates (a `-` there would not even run). Findings come from the detector pass.
 */
export default defineRule({
  id: 'wrong-arithmetic-operator',
  dimension: 'reliability',
  source: 'neural',
  meta: detectorMeta('wrong-arithmetic-operator', {
    description: 'An arithmetic operator that looks like a slip for its twin (`+` for `-`, `*` for `/`).',
    why: 'A flipped sign or a multiplication for a division type-checks and runs; only the meaning of the operands tells it is wrong.',
    messages: { slip: '`{token}` looks like a slip for `{expected}` here (confidence {confidence})' },
  },
    { finds: '`+`/`-` and `*`/`/` slips that operand names give away', misses: 'most sign and scaling slips on plain numbers (discrimination 0.67 Python, 0.73 JS even with operand roles and the construct as features); string, list and literal operands are never candidates' },
  ),
  defaultOptions: {},
  create() {
    return {};
  },
});
