import { defineRule } from '../../engine/rule.js';

/**
 * The bundled encoder's replaced-token detection: a token that looks wrong for code of its language,
 * with the token the model expected. Catalogued like any rule (config, suppressions, SARIF, learning),
 * but its findings come from the model pass (`src/neural/index.ts`), not from visitors.
 *
 * Off by default: measured on real bugs and on mutations of projects it never saw, it tells the
 * buggy version of a function from the fixed one at chance, and its advice follows token frequency
 * (`append` for `extend`, `||` for `??`, `is` for `==`), which can introduce bugs.
 */
export default defineRule({
  id: 'unusual-token',
  dimension: 'reliability',
  source: 'neural',
  meta: {
    description: 'A token the neural model finds unusual in its context, with the token it expected (experimental).',
    why: 'A swapped operator, a flipped comparison or a wrong variable can look unusual to a model of the language; the model is a weak signal that follows token frequency, so it is off by default.',
    severity: 'warning',
    defaultOff: true,
    languages: ['python', 'javascript', 'typescript'],
    messages: { unusual: '`{token}` looks unusual here; `{expected}` is more common in this context (confidence {confidence})' },
    measured: [
      'buggy-vs-fixed discrimination (function max): 0.505 Python (208 planted pairs), 0.462 JavaScript (275 pairs), 0.465 TypeScript: at chance',
      'real bugs: 0.50 Python, 0.50 JavaScript (issue 16 evaluation)',
      'false findings per 100 lines of unseen clean code: 0.70 Python, 0.53 JavaScript, 0.40 TypeScript (bench/neural/unseen-rate.mjs)',
      'recall on planted bugs at the shipped threshold: 7.2% Python, 4.4% JavaScript (bench/neural/planted.ts)',
      'below the bar for a default-on neural rule (≤ 0.3 false findings per 100 lines, ≥ 30% recall, ≥ 0.80 discrimination)',
    ],
  },
  defaultOptions: {},
  create() {
    return {};
  },
});
