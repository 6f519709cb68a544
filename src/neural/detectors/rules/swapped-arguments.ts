import { defineRule } from '../../../engine/rule.js';
import { detectorMeta } from './meta.js';

/**
 * Two adjacent call arguments (names or attribute accesses) that look passed in the wrong order,
 * judged from the callee, the argument names and, when the file defines the callee, its parameter
 * names (DeepBugs' swapped-arguments detector), reported only with name evidence (`swapGate`,
 * Rice et al. 2017). Findings come from the detector pass.
 */
export default defineRule({
  id: 'swapped-arguments',
  dimension: 'reliability',
  source: 'neural',
  meta: detectorMeta('swapped-arguments', {
    description: 'Two call arguments that look passed in the wrong order.',
    why: '`copy(dst, src)` for `copy(src, dst)` runs without error when both have the same type; the names of the arguments, the callee and its parameters usually say which order is meant.',
    messages: { swapped: 'the arguments `{token}` look swapped; `{expected}` is the expected order (confidence {confidence})' },
  },
    {
      finds:
        'two adjacent name or attribute arguments in the wrong order when the file says so: the callee, defined in the file, has parameters named like the arguments the other way round (`copy_tree(target_dir, source_dir)` against `def copy_tree(source_dir, target_dir)`), or the file passes the two names to the same callee the other way round at least twice and never this way',
      misses:
        "literal, call or expression arguments, non-adjacent swaps, keyword arguments, swaps the file's names do not reveal (callees defined elsewhere, single-letter names), test files' call-order evidence; and it cannot tell a slip from a deliberate mirror (`is_ge(rhs, lhs)` inside `is_le`), which is why it is off by default",
    },
  ),
  defaultOptions: {},
  create() {
    return {};
  },
});
