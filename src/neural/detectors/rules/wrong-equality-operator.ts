import { defineRule } from '../../../engine/rule.js';
import { detectorMeta } from './meta.js';

/**
 * An equality test that looks inverted: `==` for `!=` (Python), `===` for `!==` or `==` for `!=`
 * (JavaScript, strictness kept), `is` for `is not`. Judged from the operands, the condition around it,
 * the construct (guard, return, loop) and how the same names are tested elsewhere in the function.
 * Findings come from the detector pass.
 */
export default defineRule({
  id: 'wrong-equality-operator',
  dimension: 'reliability',
  source: 'neural',
  meta: detectorMeta(
    'wrong-equality-operator',
    {
      description: 'An equality test that looks inverted (`==` for `!=`, `is` for `is not`).',
      why: 'An inverted test runs the wrong branch for every input; it reads naturally and type-checks, so only the surrounding code says which test was meant.',
      messages: { slip: '`{token}` looks like a slip for `{expected}` in this test (confidence {confidence})' },
    },
    {
      finds: 'inverted tests that the rest of the condition, the construct and the other tests of the same names give away (`if (items.length !== 0) return null;` before `return items[0]`)',
      misses: 'what the branch body does with the name (`if x is None: return x.attr` is not caught: the features stop at the condition); JavaScript tests (recall 18% at the shipped threshold); `in`/`not in`; a suggestion never changes strictness (`===` stays `===`/`!==`)',
    },
  ),
  defaultOptions: {},
  create() {
    return {};
  },
});
