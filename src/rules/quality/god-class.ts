import { plural } from '../../util/plural.js';
import { defineRule } from '../../engine/rule.js';

export default defineRule({
  id: 'god-class',
  dimension: 'quality',
  meta: {
    description: 'Class has too many methods or attributes.',
    why: 'A class that knows and does everything has several reasons to change; every edit risks the unrelated behaviour it also holds (pylint too-many-public-methods / too-many-instance-attributes).',
    severity: 'warning',
    // Off by default: mostly noise on real code (bench/precision, docs/rule-precision.json); opt in per project.
    defaultOff: true,
    languages: ['python', 'javascript', 'typescript'],
    messages: { god: 'Class `{name}` has {methods} and {attributes} (max {maxMethods} / {maxAttributes}).' },
    optionSchema: { maxMethods: { type: 'number', minimum: 0 }, maxAttributes: { type: 'number', minimum: 0 } },
  },
  defaultOptions: { maxMethods: 30, maxAttributes: 20 },
  create(ctx, { maxMethods, maxAttributes }) {
    const { file } = ctx;
    return {
      class(cls) {
        const methods = cls.methods.map((i) => file.functions[i]).filter((f) => f !== undefined);
        const attributes = cls.attributes.length;
        if (methods.length <= maxMethods && attributes <= maxAttributes) return;
        // Group methods by their leading word (`parse_*`, `render*`) to point at a cohesive piece to extract.
        const groups = new Map<string, string[]>();
        for (const m of methods) {
          const word = /^_*([a-z]+|[A-Z][a-z]+)/.exec(m.name)?.[1]?.toLowerCase();
          if (!word || word.length < 3) continue;
          groups.set(word, [...(groups.get(word) ?? []), m.name]);
        }
        const best = [...groups.entries()].sort((a, b) => b[1].length - a[1].length)[0];
        ctx.report({
          node: cls,
          useNameSpan: true,
          messageId: 'god',
          data: {
            name: cls.name,
            methods: plural(methods.length, 'method'),
            attributes: plural(attributes, 'attribute'),
            maxMethods,
            maxAttributes,
          },
          metric:
            methods.length > maxMethods
              ? { name: 'methods', value: methods.length, threshold: maxMethods }
              : { name: 'attributes', value: attributes, threshold: maxAttributes },
          suggestion:
            best && best[1].length >= 3
              ? `Move the ${best[1].length} \`${best[0]}…\` methods (${best[1]
                  .slice(0, 4)
                  .map((n) => `\`${n}\``)
                  .join(', ')}${best[1].length > 4 ? ', …' : ''}) of \`${cls.name}\` into their own class and delegate to it.`
              : `Split \`${cls.name}\` by responsibility: group the methods that use the same attributes into their own classes.`,
        });
      },
    };
  },
});
