import { defineRule } from '../../engine/rule.js';
import { keywordValue, short, sourceOf } from '../shared/model-query.js';

const SAFE = /(^|\.)(SafeLoader|CSafeLoader|BaseLoader|CBaseLoader)$/;

export default defineRule({
  id: 'unsafe-yaml-load',
  dimension: 'security',
  meta: {
    description: '`yaml.load` without a safe Loader (or `yaml.unsafe_load`).',
    why: "PyYAML's full loaders construct arbitrary Python objects from tags such as `!!python/object/apply:os.system`: loading an untrusted document runs code. `yaml.safe_load` only builds plain data.",
    severity: 'error',
    languages: ['python'],
    messages: { unsafe: '`{call}` can construct arbitrary Python objects from the document.' },
    fix: 'unsafe',
  },
  defaultOptions: {},
  create(ctx) {
    return {
      call(call) {
        const isLoad = call.callee === 'yaml.load' || call.callee === 'yaml.load_all';
        const isUnsafe = call.callee === 'yaml.unsafe_load' || call.callee === 'yaml.unsafe_load_all';
        if (!isLoad && !isUnsafe) return;
        let loader = keywordValue(call, 'Loader');
        if (loader === null && call.argCount >= 2 && !call.args[1]!.includes('=')) loader = call.args[1]!.trim();
        if (isLoad && loader !== null && SAFE.test(loader)) return;
        const all = call.callee.endsWith('_all');
        const safe = all ? 'yaml.safe_load_all' : 'yaml.safe_load';
        const stream = call.args[0] ?? 'stream';
        const first = call.argExprs?.[0];
        const single = call.argCount === 1 || (loader !== null && call.argCount === 2);
        ctx.report({
          node: call,
          messageId: 'unsafe',
          data: { call: short(`${call.callee}(${call.args.join(', ')})`, 60) },
          suggestion: `Use \`${safe}(${short(stream, 40)})\` (or pass \`Loader=yaml.SafeLoader\`).`,
          ...(single && !stream.includes('=') && first
            ? { fix: { span: call.span, text: `${safe}(${sourceOf(ctx.file, first.span)})` } }
            : {}),
        });
      },
    };
  },
});
