import { defineRule } from '../../engine/rule.js';
import { importedNames, keywordValue, short } from '../shared/model-query.js';

export default defineRule({
  id: 'jwt-without-verification',
  dimension: 'security',
  meta: {
    description: 'A JSON Web Token is decoded without verifying its signature (or with the `none` algorithm allowed).',
    why: 'An unverified JWT is just base64 that anyone can write: trusting its claims (user id, roles) lets a client forge them.',
    severity: 'error',
    languages: ['python', 'javascript', 'typescript'],
    messages: { unverified: "`{call}` reads the token's claims without verifying its signature." },
  },
  defaultOptions: {},
  create(ctx) {
    const python = ctx.file.language === 'python';
    const jwt = python ? importedNames(ctx.file, ['jwt']) : importedNames(ctx.file, ['jsonwebtoken']);
    const verifies = ctx.file.calls.some((c) => c.name === 'verify' && jwt.namespaces.has(c.callee.split('.')[0] ?? ''));
    return {
      call(call) {
        const object = call.callee.includes('.') ? call.callee.slice(0, call.callee.lastIndexOf('.')) : '';
        const isJwt = object ? jwt.namespaces.has(object) || object === 'jwt' : jwt.members.get(call.callee) !== undefined;
        if (!isJwt) return;
        const method = object ? call.name : jwt.members.get(call.callee)!;
        const text = short(`${call.callee}(${call.args.join(', ')})`, 60);
        if (python) {
          if (method !== 'decode') return;
          const options = keywordValue(call, 'options') ?? '';
          const verify = keywordValue(call, 'verify');
          const algorithms = keywordValue(call, 'algorithms') ?? '';
          const off = /['"]verify_signature['"]\s*:\s*False/.test(options) || verify === 'False' || /['"]none['"]/i.test(algorithms);
          if (!off) return;
          ctx.report({
            node: call,
            messageId: 'unverified',
            data: { call: text },
            suggestion:
              'Verify it: `jwt.decode(token, key, algorithms=["HS256"])` (or the RS/ES algorithm you issue), without `verify_signature: False`; to read the header only, use `jwt.get_unverified_header` and do not trust it.',
          });
          return;
        }
        const none = method === 'verify' && call.args.some((a) => /algorithms\s*:\s*\[[^\]]*['"]none['"]/i.test(a));
        const decodeOnly = method === 'decode' && !verifies;
        if (!none && !decodeOnly) return;
        ctx.report({
          node: call,
          messageId: 'unverified',
          data: { call: text },
          suggestion: none
            ? "Remove `'none'` from `algorithms` and list only the algorithm you sign with, e.g. `{ algorithms: ['HS256'] }`."
            : "Use `jwt.verify(token, secretOrPublicKey, { algorithms: ['HS256'] })`; `jwt.decode` does not check the signature.",
        });
      },
    };
  },
});
