import type { CallNode } from '../../model/types.js';
import { defineRule } from '../../engine/rule.js';
import { contains, short } from '../shared/model-query.js';
import { isTestPath } from '../shared/paths.js';

const PY_RANDOM = /^random\.(random|randint|randrange|choice|choices|sample|getrandbits|shuffle|uniform)$/;
/** Names of security values. A bare `token` is too generic (parsers, MIME boundaries): only qualified tokens count. */
const SENSITIVE =
  /((session|auth|access|reset|csrf|xsrf|api|refresh|secret|bearer|verification|invite|confirm(ation)?|security|login|signup|unsubscribe)_?token|password|passwd|secret|nonce|salt|otp|csrf|session_?id|session_?key|api_?key|verification_?code|reset_?code|invite_?code|activation_?(code|key)|one_?time)/i;

export default defineRule({
  id: 'insecure-random',
  dimension: 'security',
  meta: {
    description: '`random` / `Math.random()` generates a token, password, key or nonce.',
    why: 'These generators are predictable: after observing a few outputs an attacker can compute the next ones (Mersenne Twister, xorshift128+), and guess reset tokens or session ids. Security values need a CSPRNG.',
    severity: 'error',
    languages: ['python', 'javascript', 'typescript'],
    messages: { weak: '`{call}` produces `{name}` with a predictable generator.' },
  },
  defaultOptions: { ignoreTests: true },
  create(ctx, { ignoreTests }) {
    const file = ctx.file;
    const python = file.language === 'python';
    const skip = ignoreTests && isTestPath(file.path, { samples: true });
    /** What the random value is for: the assignment target, the return of a function, or the function name. */
    const purpose = (call: CallNode): string | null => {
      const a = file.assignments.find((x) => x.function === call.function && x.value && contains(x.span, call.span));
      if (a) {
        const t = a.targets.find((x) => SENSITIVE.test(x));
        if (t) return t;
        // The value flows into a local whose name is neutral (`chars`, `i`): look no further.
        return null;
      }
      const fn = call.function === null ? null : file.functions[call.function];
      if (fn && SENSITIVE.test(fn.name)) return fn.name;
      return null;
    };
    return {
      call(call) {
        if (skip) return;
        const isWeak = python ? PY_RANDOM.test(call.callee) : call.callee === 'Math.random';
        if (!isWeak) return;
        const name = purpose(call);
        if (!name) return;
        const text = short(`${call.callee}(${call.args.join(', ')})`, 40);
        ctx.report({
          node: call,
          messageId: 'weak',
          data: { call: text, name },
          suggestion: python
            ? `Use the \`secrets\` module: \`secrets.token_urlsafe(32)\` / \`secrets.token_hex(16)\` for tokens, \`secrets.choice(alphabet)\` to pick characters, \`secrets.randbelow(n)\` for numbers.`
            : `Use \`crypto.randomUUID()\`, \`crypto.randomBytes(32).toString('hex')\` (Node) or \`crypto.getRandomValues(new Uint8Array(32))\` (browsers) instead of \`Math.random()\`.`,
        });
      },
    };
  },
});
