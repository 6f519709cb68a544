import { defineRule } from '../../engine/rule.js';
import { argText, loopsRunning, short } from '../shared/model-query.js';

const CONSTANT = /^(?:[rRbBuU]{0,2})(?:'[^'{}]*'|"[^"{}]*"|'''[\s\S]*'''|"""[\s\S]*"""|`[^`$]*`)$/;

export default defineRule({
  id: 'regex-compile-in-loop',
  dimension: 'speed',
  meta: {
    description: 'A regular expression with a constant pattern is compiled inside a loop.',
    why: 'Compiling a regex parses the pattern and builds a matcher; doing it on every iteration repeats work whose result never changes. Compile once, outside the loop (Python caches some patterns, but the lookup still costs).',
    severity: 'info',
    languages: ['python', 'javascript', 'typescript'],
    messages: { compile: '`{call}` compiles the same constant pattern on every iteration of the loop at line {line}.' },
  },
  defaultOptions: {},
  create(ctx) {
    const python = ctx.file.language === 'python';
    return {
      call(call) {
        if (call.loopDepth === 0) return;
        const isCompile = python
          ? call.callee === 're.compile' || call.callee === 'regex.compile'
          : call.callee === 'RegExp' && (call.isNew ?? true);
        if (!isCompile) return;
        const pattern = argText(call, 0).trim();
        const flags = argText(call, 1).trim();
        if (!CONSTANT.test(pattern) || (flags && !CONSTANT.test(flags) && !/^re\.[A-Z]+(\s*\|\s*re\.[A-Z]+)*$/.test(flags))) return;
        const loops = loopsRunning(ctx.file, call.span, call.function);
        const loop = loops[0];
        if (!loop) return;
        const text = python ? `re.compile(${short(pattern, 40)})` : `new RegExp(${short(pattern, 40)}${flags ? `, ${flags}` : ''})`;
        ctx.report({
          node: call,
          messageId: 'compile',
          data: { call: text, line: loop.span.line },
          suggestion: python
            ? `Compile it once at module level (\`PATTERN = re.compile(${short(pattern, 40)})\`) or before line ${loop.span.line}, and reuse it in the loop.`
            : `Create it once before line ${loop.span.line} (or as a regex literal in a module constant) and reuse it; reset \`lastIndex\` if it has the \`g\` or \`y\` flag.`,
        });
      },
    };
  },
});
