import { defineRule } from '../../../engine/rule.js';
import { detectorMeta } from './meta.js';

/**
 * Two adjacent call arguments (names or attribute accesses) that look passed in the wrong order,
 * judged from the callee, the argument names and, when the file defines the callee, its parameter
 * names (DeepBugs' swapped-arguments detector). Findings come from the detector pass.
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
    { finds: 'two adjacent name or attribute arguments in the wrong order where the names, the callee or its parameters say the order (`os.path.join(name, base)`, `isinstance(kind, value)`, `copyfile(dst, src)`)', misses: "literal, call or expression arguments, non-adjacent swaps, keyword arguments, and swaps the names do not reveal (the callee's signature is known only when the file defines it; other calls of the same callee in the file are read)" },
  ),
  defaultOptions: {},
  create() {
    return {};
  },
});
