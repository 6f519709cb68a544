import { defineRule } from '../../engine/rule.js';
import { argText, keywordValue, short } from '../shared/model-query.js';
import { isTestPath } from '../shared/paths.js';

function modeValue(text: string): number | null {
  const t = text.trim().replace(/_/g, '');
  if (/^0o[0-7]+$/i.test(t)) return parseInt(t.slice(2), 8);
  if (/^0[0-7]+$/.test(t)) return parseInt(t.slice(1), 8);
  if (/^['"][0-7]{3,4}['"]$/.test(t)) return parseInt(t.slice(1, -1), 8);
  if (/^(0x[0-9a-f]+|\d+)$/i.test(t)) return Number(t);
  return null;
}

export default defineRule({
  id: 'permissive-file-mode',
  dimension: 'security',
  meta: {
    description: 'A file or directory is made writable by everyone (`chmod 0o777`, `0o666`).',
    why: 'World-writable files let any local user or compromised service change them: scripts, configs and data can be replaced with malicious content.',
    severity: 'warning',
    languages: ['python', 'javascript', 'typescript'],
    messages: { mode: '`{call}` makes `{path}` writable by every user (mode {mode}).' },
  },
  defaultOptions: { ignoreTests: true },
  create(ctx, { ignoreTests }) {
    const python = ctx.file.language === 'python';
    if (ignoreTests && isTestPath(ctx.file.path, { samples: true })) return {};
    return {
      call(call) {
        let modeText: string | null = null;
        if (python) {
          if (call.callee === 'os.chmod' || call.callee === 'os.fchmod' || call.callee === 'os.lchmod')
            modeText = keywordValue(call, 'mode') ?? argText(call, 1);
          else if (/\.chmod$/.test(call.callee) && call.argCount === 1) modeText = argText(call, 0); // Path(p).chmod(0o777)
        } else if (/(^|\.)(chmod|chmodSync|fchmod|fchmodSync|lchmod|lchmodSync)$/.test(call.callee) && call.callee.includes('.')) {
          modeText = argText(call, 1);
        }
        if (!modeText) return;
        const mode = modeValue(modeText);
        if (mode === null || (mode & 0o002) === 0) return;
        const safe = (mode & ~0o022).toString(8).padStart(3, '0');
        ctx.report({
          node: call,
          messageId: 'mode',
          data: {
            call: short(`${call.callee}(${call.args.join(', ')})`, 50),
            path: short(argText(call, 0), 30),
            mode: `0o${mode.toString(8)}`,
          },
          suggestion: `Use the narrowest mode that works, e.g. \`${python ? `0o${safe}` : `0o${safe}`}\` (owner write only), or \`0o600\`/\`0o700\` for private files.`,
        });
      },
    };
  },
});
