import type { CallNode } from '../../model/types.js';
import { defineRule } from '../../engine/rule.js';
import { argText, short } from '../shared/model-query.js';

const STRING_LITERAL = /^(?:[rRbBuU]{0,2})(?:'[^']*'|"[^"]*"|'''[\s\S]*'''|"""[\s\S]*"""|`[^`$]*`)$/;

export default defineRule({
  id: 'dynamic-code-execution',
  dimension: 'security',
  meta: {
    description: 'Code built at run time is executed (`eval`, `exec`, `new Function`, `setTimeout("…")`).',
    why: "Executing a string as code runs whatever that string contains: if any part comes from input, an attacker runs arbitrary code with the program's rights. It also defeats linters, type checkers and bundlers.",
    severity: 'warning',
    languages: ['python', 'javascript', 'typescript'],
    messages: {
      eval: '`{callee}({arg})` executes a string built at run time as code.',
      timer: '`{callee}` is given a string ({arg}), which is evaluated as code.',
    },
  },
  defaultOptions: {},
  create(ctx) {
    const python = ctx.file.language === 'python';
    /**
     * The import machinery runs a module's code object (`exec(code, module.__dict__)` in `exec_module`), or the argument is a
     * code object loaded from bytecode / a frozen module: executing an imported module, not a string.
     */
    const isModuleCode = (call: CallNode, arg: string): boolean => {
      const fn = call.function === null ? null : ctx.file.functions[call.function];
      if (fn && /^(exec_module|load_module|_load_unlocked|_run_code|_run_module_code|run_module|_exec|_load)$/.test(fn.name)) return true;
      if (!/^[A-Za-z_]\w*$/.test(arg)) return false;
      const defs = ctx.file.assignments.filter(
        (a) => a.function === call.function && a.targets.includes(arg) && a.value && a.span.line < call.span.line,
      );
      const def = defs[defs.length - 1];
      return Boolean(
        def?.value &&
        /(get_code|_get_module_code|get_frozen_object|marshal\.loads?|_compile_bytecode|source_to_code)\(/.test(def.value.text),
      );
    };
    const locals = new Set<string>();
    for (const fn of ctx.file.functions) if (fn.name === 'eval' || fn.name === 'exec') locals.add(fn.name);
    const report = (call: CallNode, messageId: 'eval' | 'timer', suggestion: string): void => {
      // `new Function('a', 'b', body)`: the code is the last argument, the others name parameters.
      const code = call.callee === 'Function' ? argText(call, call.argCount - 1) : argText(call, 0);
      const callee = call.callee === 'Function' ? `${call.isNew === false ? '' : 'new '}Function` : call.callee;
      const arg = call.callee === 'Function' && call.argCount > 1 ? `…, ${short(code, 40)}` : short(code, 40);
      ctx.report({ node: call, messageId, data: { callee, arg }, suggestion });
    };
    return {
      call(call) {
        if (call.argCount === 0) return;
        const first = argText(call, 0).trim();
        if (python) {
          if ((call.callee !== 'eval' && call.callee !== 'exec') || locals.has(call.callee)) return;
          if (STRING_LITERAL.test(first)) return; // a constant string is not injectable
          if (isModuleCode(call, first)) return;
          // `eval(compile(src, …))` / `code = compile(…); eval(code)` runs generated code, not data: literal_eval cannot stand in.
          const compiled =
            /^compile\(/.test(first) ||
            ctx.file.assignments.some(
              (a) => a.targets.includes(first) && a.function === call.function && /^compile\(/.test(a.value?.text ?? ''),
            );
          report(
            call,
            'eval',
            call.callee === 'eval' && !compiled
              ? `If \`${short(first, 30)}\` is data, parse it with \`ast.literal_eval(${short(first, 30)})\` or \`json.loads\`; if it names an operation, look it up in a dict of functions instead of evaluating it.`
              : `Replace \`${call.callee}\` with ordinary code: a dict of functions, \`getattr\`, or \`importlib.import_module\`; if code generation is really needed, build it from trusted templates only and document why.`,
          );
          return;
        }
        if ((call.callee === 'eval' || call.callee === 'window.eval' || call.callee === 'globalThis.eval') && !locals.has('eval')) {
          if (STRING_LITERAL.test(first)) return;
          report(
            call,
            'eval',
            `Replace \`eval(${short(first, 30)})\` with \`JSON.parse\` for data, or a lookup table / explicit function call for behaviour.`,
          );
          return;
        }
        if (call.callee === 'Function' && (call.isNew ?? true)) {
          report(
            call,
            'eval',
            'Write the function in source instead of building it from strings; for templating, use a template engine that does not compile user input.',
          );
          return;
        }
        if (['setTimeout', 'setInterval', 'window.setTimeout', 'window.setInterval', 'setImmediate', 'execScript'].includes(call.callee)) {
          const kind = call.argExprs?.[0]?.kind;
          const isString = kind
            ? kind === 'string' || kind === 'template' || (kind === 'binary' && /['"`]/.test(first))
            : /^['"`]/.test(first);
          if (!isString) return;
          report(call, 'timer', `Pass a function instead of a string: \`${call.callee}(() => { … }, …)\`.`);
        }
      },
    };
  },
});
