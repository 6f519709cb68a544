import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineRule } from '../../../engine/rule.js';
import { DEFAULT_MODEL_DIR } from '../../manifest.js';
import { measuredLinesOf } from './meta.js';

interface Entry {
  defaultOn?: boolean;
  measured?: unknown;
}

/** models/varmisuse.json's rule entry (plain JSON: no onnxruntime); null when absent. */
function bundledEntry(): Entry | null {
  try {
    const manifest = JSON.parse(readFileSync(join(DEFAULT_MODEL_DIR, 'varmisuse.json'), 'utf8')) as { rules?: Record<string, Entry> };
    return manifest.rules?.['wrong-variable'] ?? null;
  } catch {
    return null;
  }
}

const entry = bundledEntry();

const GATE =
  'reported only with name evidence (the figures above include it): the site is the value, or a top-level operand of the value, of a slot named like the suggestion and not like the name written (case and `_` folded, same sub-tokens): an attribute or keyed assignment target, a keyword argument, a dict/object key, the attribute it is compared with; never a slot whose value already reads the suggestion, nor one owned by the suggestion (`text.text == q`), nor an attribute that updates itself (`self.n = self.n - k`); never on the "suggestion is otherwise unused" cue';

/**
 * Variable misuse (Allamanis et al. 2018; BugLab 2021): a local name read as an operand, call
 * argument, index, returned value or condition where another local name of the same function was
 * meant. Its own model (models/toasty-varmisuse.onnx) scores each name in scope for the slot; findings
 * come from the neural pass.
 */
export default defineRule({
  id: 'wrong-variable',
  dimension: 'reliability',
  source: 'neural',
  meta: {
    description: 'A local name that looks used where another local name of the function was meant.',
    why: 'Using `lo` where `hi` was meant runs without error when both have the same type; how each name is used elsewhere in the function and the code around the slot usually say which one belongs there.',
    messages: { slip: '`{token}` looks like a slip for `{expected}` here (confidence {confidence})' },
    severity: 'warning',
    languages: ['python', 'javascript', 'typescript'],
    defaultOff: entry?.defaultOn !== true,
    measured: [
      ...measuredLinesOf(entry, 'the wrong-variable model is missing', GATE),
      'read by hand: the model alone gave 116 findings on the Python standard library, the 20 read all correct code (it over-trusts a local that is assigned and never read elsewhere); with the name-evidence gate, 0 findings on the standard library and 2 on 15 dist-packages projects and 7 npm packages (1.84 M lines in all), both correct code (bench/neural/RESULTS.md); that is why it is off by default',
      'finds: a local name that fills a named slot the file names after another local — `self.height = width * 2`, `f(height=width + 1)`, `{height: width + 1}`, `self.height == width` — when `height` is a local in scope, the slot does not already read it, and the model prefers it',
      'misses: every slip without such a slot (most planted slips: the gate passes about 0.3% of them), plain copies (`self.height = width` is not a site), attributes (`self.x` for `self.y`), module-level and global names, names only used as call receivers (`x.append`), names in their own declaration line; suggestions are always local names declared on an earlier line and in scope at the site, never builtins, `self`/`this` or comprehension variables',
    ],
  },
  defaultOptions: {},
  create() {
    return {};
  },
});
