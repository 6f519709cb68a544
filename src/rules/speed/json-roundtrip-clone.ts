import { defineRule } from '../../engine/rule.js';
import { pythonImportEdits } from '../shared/fix-edits.js';
import { argText, short, sourceOf } from '../shared/model-query.js';

export default defineRule({
  id: 'json-roundtrip-clone',
  dimension: 'speed',
  meta: {
    description: 'Deep copy through a JSON round trip (`JSON.parse(JSON.stringify(x))`, `json.loads(json.dumps(x))`).',
    why: 'Serialising to text and parsing it back is slow and lossy: Dates become strings, `undefined`/functions/Maps/Sets vanish, NaN becomes null. `structuredClone` (JS) or `copy.deepcopy` (Python) copies directly and keeps the types.',
    severity: 'info',
    languages: ['python', 'javascript', 'typescript'],
    messages: { roundtrip: '`{text}` deep-copies `{value}` through a JSON string.' },
    fix: 'unsafe',
  },
  defaultOptions: {},
  create(ctx) {
    const python = ctx.file.language === 'python';
    return {
      call(call) {
        if (call.argCount !== 1) return;
        const outer = python ? 'json.loads' : 'JSON.parse';
        const inner = python ? 'json.dumps' : 'JSON.stringify';
        if (call.callee !== outer) return;
        const m = new RegExp(`^${inner.replace('.', '\\.')}\\((.*)\\)$`, 's').exec(argText(call, 0).trim());
        const value = m?.[1]?.trim();
        // Only the plain one-argument form: `JSON.stringify(x, replacer)` / `json.dumps(x, default=…)` transform on purpose.
        if (!value || /^[^(]*,/.test(value) || (value.includes(',') && !/^[\w$.]+\(.*\)$/.test(value))) return;
        const replacement = python ? `copy.deepcopy(${value})` : `structuredClone(${value})`;
        // The fix is built from the exact source (`argText` is whitespace-collapsed and truncated).
        const arg = call.argExprs?.[0];
        const exact = arg
          ? new RegExp(`^${inner.replace('.', '\\.')}\\((.*)\\)$`, 's').exec(sourceOf(ctx.file, arg.span))?.[1]?.trim()
          : undefined;
        const imports = python ? pythonImportEdits(ctx.file, 'copy') : [];
        const fix =
          exact && imports
            ? { edits: [...imports, { span: call.span, text: python ? `copy.deepcopy(${exact})` : `structuredClone(${exact})` }] }
            : undefined;
        ctx.report({
          node: call,
          messageId: 'roundtrip',
          data: { text: short(`${outer}(${inner}(${value}))`, 60), value: short(value, 30) },
          suggestion: python
            ? `Use \`${short(replacement, 60)}\` (\`import copy\`), unless the JSON round trip is meant to drop non-JSON values.`
            : `Use \`${short(replacement, 60)}\` (Node 17+, all modern browsers), unless the JSON round trip is meant to drop non-JSON values.`,
          ...(fix ? { fix } : {}),
        });
      },
    };
  },
});
