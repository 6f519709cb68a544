import { defineRule } from '../../../engine/rule.js';
import { detectorMeta } from './meta.js';

/**
 * `and` for `or` (Python), `&&` for `||` (JavaScript) between two conditions, judged from the two
 * operands (their names, tests and negations), the construct and the rest of the condition. Defaults
 * such as `x or []` and `a || 0` are not candidates, and `??` is never a site nor a suggestion.
 * Findings come from the detector pass.
 */
export default defineRule({
  id: 'wrong-boolean-operator',
  dimension: 'reliability',
  source: 'neural',
  meta: detectorMeta(
    'wrong-boolean-operator',
    {
      description: 'A boolean operator that looks like a slip for the other one (`and` for `or`, `&&` for `||`).',
      why: '`if x is None and x.closed` or `i < 0 || i > n` with the wrong connective is always (or never) true for some inputs; the two conditions usually say which was meant.',
      messages: { slip: '`{token}` looks like a slip for `{expected}` here (confidence {confidence})' },
    },
    {
      finds: '`and`/`or`, `&&`/`||` slips that the two conditions give away (`x < lo and x > hi` can never hold; `items === null && items === undefined`)',
      misses: 'defaults (`x or []`, `a || 0`), `??`, connectives inside long conditions where the operands are not clear from the tokens',
    },
  ),
  defaultOptions: {},
  create() {
    return {};
  },
});
