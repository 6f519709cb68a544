import type { CallNode, Expression } from '../../model/types.js';
import { defineRule } from '../../engine/rule.js';
import { importedNames, isInterpolated, keywordValue, short } from '../shared/model-query.js';

const PY_SHELL = new Set([
  'os.system',
  'os.popen',
  'commands.getoutput',
  'commands.getstatusoutput',
  'subprocess.getoutput',
  'subprocess.getstatusoutput',
]);
const PY_SUBPROCESS = new Set([
  'subprocess.run',
  'subprocess.call',
  'subprocess.check_call',
  'subprocess.check_output',
  'subprocess.Popen',
]);
const JS_EXEC = new Set(['exec', 'execSync']);
const JS_SPAWN = new Set(['spawn', 'spawnSync', 'execFile', 'execFileSync']);

function firstArg(call: CallNode): Expression | undefined {
  return call.argExprs?.[0];
}

/** `"leaks %d" % pid`, `"kill {:d}".format(n)`: only numbers are interpolated, which cannot inject shell syntax. */
function numericOnly(text: string): boolean {
  const percent = text.match(/%[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]/g) ?? [];
  const braces = text.match(/\{[^{}]*\}/g) ?? [];
  if (percent.length + braces.length === 0) return false;
  return percent.every((p) => /[dixo%]$/.test(p)) && braces.every((b) => /:[-+ #0]*\d*[dxob]\}$/.test(b));
}

/** The first argument is built by interpolation/concatenation (model expression when available, else its text). */
function interpolatedArg(call: CallNode, python: boolean): boolean {
  if (python && numericOnly(call.args[0] ?? '')) return false;
  const e = firstArg(call);
  if (e) return isInterpolated(e);
  const t = (call.args[0] ?? '').trim();
  if (python) return /^[rRbBuU]?f['"]/.test(t) || /['"]\s*(%|\+)/.test(t) || /\+\s*['"]/.test(t) || /['"]\s*\.format\(/.test(t);
  return /^`[^`]*\$\{/.test(t) || /['"`]\s*\+/.test(t) || /\+\s*['"`]/.test(t);
}

export default defineRule({
  id: 'command-injection',
  dimension: 'security',
  meta: {
    description: 'A shell command is built from interpolated strings (`os.system(f"…")`, `shell=True`, `child_process.exec(`…${x}`)`).',
    why: 'The shell interprets `;`, `&&`, `$()` and quotes in the interpolated values: a file name or parameter such as `x; rm -rf ~` runs a second command. Passing an argument list without a shell avoids parsing altogether.',
    severity: 'error',
    languages: ['python', 'javascript', 'typescript'],
    messages: { injection: '`{callee}` runs a shell command built from `{arg}`.' },
  },
  defaultOptions: {},
  create(ctx) {
    const python = ctx.file.language === 'python';
    const cp = python ? null : importedNames(ctx.file, ['child_process']);
    const report = (call: CallNode, suggestion: string): void => {
      ctx.report({ node: call, messageId: 'injection', data: { callee: call.callee, arg: short(call.args[0], 50) }, suggestion });
    };
    return {
      call(call) {
        if (call.argCount === 0) return;
        if (python) {
          if (PY_SHELL.has(call.callee)) {
            if (!interpolatedArg(call, true)) return;
            report(
              call,
              `Use \`subprocess.run([...], check=True)\` with the program and each argument as separate list items (no shell); if a shell is unavoidable, quote every value with \`shlex.quote\`.`,
            );
            return;
          }
          if (PY_SUBPROCESS.has(call.callee)) {
            const shell = keywordValue(call, 'shell');
            if (shell !== 'True') return;
            if (!interpolatedArg(call, true)) return;
            report(
              call,
              `Drop \`shell=True\` and pass a list: \`${call.callee}(["prog", arg1, arg2], …)\` (\`shlex.split\` only for trusted constant strings); if a shell is required, wrap each value in \`shlex.quote\`.`,
            );
          }
          return;
        }
        const dot = call.callee.lastIndexOf('.');
        const object = dot > 0 ? call.callee.slice(0, dot) : '';
        const fromChildProcess =
          (object && (cp!.namespaces.has(object) || object === 'child_process')) || (!object && cp!.members.get(call.callee) !== undefined);
        if (!fromChildProcess) return;
        const method = object ? call.name : (cp!.members.get(call.callee) ?? call.name);
        if (JS_EXEC.has(method)) {
          if (!interpolatedArg(call, false)) return;
          report(
            call,
            `Use \`execFile\`/\`spawn\` with an argument array (\`execFile('prog', [arg1, arg2])\`), which does not go through a shell; never interpolate values into a command string.`,
          );
        } else if (JS_SPAWN.has(method)) {
          const shell = call.args.some((a) => /\bshell\s*:\s*true\b/.test(a));
          if (!shell || !interpolatedArg(call, false)) return;
          report(call, `Remove \`shell: true\` and pass the program and its arguments separately: \`${method}('prog', [arg1, arg2])\`.`);
        }
      },
    };
  },
});
