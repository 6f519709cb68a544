import { defineRule } from '../../engine/rule.js';
import type { AssignmentNode, SourceFile } from '../../model/types.js';
import { deleteLinesOf } from '../shared/fix-edits.js';
import { contains, sourceOf } from '../shared/model-query.js';

const CLASS_TO_INSTANCE = /\bclass[ -](variable|attribute|attr|var|level|value)s?\b|\binstance[ -](variable|attribute|attr|var)s?\b/i;

/**
 * Python `self.x = self.x` in a method is the known idiom that copies a class attribute onto the
 * instance (later changes to the instance's value no longer touch the class). Evidence that it is
 * meant: the enclosing class declares `x` in its body, or the comment just above says so (the
 * class attribute may live in a base class). A parameter named `x` in the method outweighs both:
 * `self.x = x` was almost certainly meant.
 */
function copiesClassAttribute(file: SourceFile, a: AssignmentNode, target: string): boolean {
  const attr = target.slice(target.lastIndexOf('.') + 1);
  const fn = a.function === null ? null : file.functions[a.function];
  if (!fn || fn.params.some((p) => p.name === attr)) return false;
  const cls = file.classes.filter((c) => contains(c.span, a.span)).sort((x, y) => y.span.line - x.span.line)[0];
  const inBody = file.assignments.some(
    (b) => b.function === null && b.targets.includes(attr) && cls !== undefined && contains(cls.span, b.span),
  );
  if (inBody) return true;
  // The comment block ending on the line above (or a trailing comment on the line itself).
  const near = file.comments.filter((c) => !c.isDoc && c.span.endLine <= a.span.line && c.span.endLine >= a.span.line - 4);
  const said: string[] = near.filter((c) => c.span.line === a.span.line).map((c) => c.text);
  for (let l = a.span.line - 1; l >= a.span.line - 4; l--) {
    const c = near.find((k) => k.span.endLine === l);
    if (!c) {
      if ((file.lines[l - 1] ?? '').trim() === '' || /^\s*self\.\w+\s*=\s*self\.\w+\s*$/.test(file.lines[l - 1] ?? '')) continue;
      break;
    }
    said.push(c.text);
    l = c.span.line; // a block comment: go on above its first line
  }
  return said.some((t) => CLASS_TO_INSTANCE.test(t));
}

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
        if (python && target.includes('.') && copiesClassAttribute(ctx.file, a, target)) return;
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
