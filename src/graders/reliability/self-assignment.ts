import { defineRule } from '../../engine/rule.js';
import { deleteLinesOf } from '../shared/fix-edits.js';
import { contains, sourceOf } from '../shared/model-query.js';

export default defineRule({
  id: 'self-assignment',
  dimension: 'reliability',
  meta: {
    description: 'A variable or attribute is assigned to itself (`x = x`).',
    why: 'Assigning a value to itself does nothing; it is usually a typo for another name (`self.x = x` written as `x = x`, or `this.name = name` with the wrong side).',
    severity: 'warning',
    languages: ['python', 'javascript', 'typescript'],
    messages: { self: '`{target} = {target}` assigns `{target}` to itself.' },
    fix: 'unsafe',
  },
  defaultOptions: {},
  create(ctx) {
    const python = ctx.file.language === 'python';
    return {
      assignment(a) {
        if (a.operator !== '=' || a.declaration !== null || a.targets.length !== 1 || !a.value) return;
        const target = a.targets[0]!;
        if (a.value.kind !== 'identifier' && a.value.kind !== 'member') return;
        if (a.value.text.replace(/\s+/g, '') !== target.replace(/\s+/g, '')) return;
        // Destructuring (`({ parent } = parent)`, `[a] = a`) reads a property, not the variable itself.
        const source = sourceOf(ctx.file, a.span).trimStart();
        if (!source.startsWith(target) || !/^\s*=[^=]/.test(source.slice(target.length))) return; // `value, = value` unpacks
        // Python module level: `TimeoutError = TimeoutError` re-exports a builtin as a module attribute.
        if (python && a.function === null) return;
        // Python class bodies: `name = name` copies an outer binding into the class namespace.
        if (python && a.function === null && ctx.file.classes.some((c) => contains(c.span, a.span))) return;
        // `x[i] = x[i]` on proxies / `el.value = el.value` (DOM setters) can have side effects.
        if (target.includes('[') || (!python && target.includes('.'))) return;
        const attr = python && !target.includes('.') ? `self.${target} = ${target}` : null;
        const fix = deleteLinesOf(ctx.file, a.span);
        ctx.report({
          node: a,
          messageId: 'self',
          ...(fix ? { fix } : {}),
          data: { target },
          suggestion: attr
            ? `Remove the assignment at line ${a.span.line}, or if you meant to store it on the object write \`${attr}\`.`
            : `Remove the assignment at line ${a.span.line}, or assign the value you meant (another variable or a parameter).`,
        });
      },
    };
  },
});
