import { defineRule } from '../../engine/rule.js';
import { keywordValue, short, sourceOf } from '../shared/model-query.js';

const PY_HTTP =
  /^(requests|httpx|session|s|client|self\.session|self\.client|http|sess)\.(get|post|put|patch|delete|head|options|request|Client|AsyncClient|Session)$|^(requests\.request|httpx\.(Client|AsyncClient|request|stream)|urllib3\.PoolManager)$/;

export default defineRule({
  id: 'tls-verification-disabled',
  dimension: 'security',
  meta: {
    description: 'TLS certificate verification is turned off (`verify=False`, `rejectUnauthorized: false`, `CERT_NONE`).',
    why: 'Without certificate verification anyone on the network path (public Wi-Fi, a compromised proxy) can impersonate the server and read or change the traffic, credentials included.',
    severity: 'error',
    languages: ['python', 'javascript', 'typescript'],
    messages: {
      verify: '`{call}` disables TLS certificate verification.',
      context: '`{what}` creates a TLS context that does not verify certificates.',
      option: '`{what}` turns off TLS certificate verification.',
    },
    fix: 'unsafe',
  },
  defaultOptions: {},
  create(ctx) {
    const python = ctx.file.language === 'python';
    const tokens = ctx.file.tokens;
    return {
      call(call) {
        if (!python) return;
        if (call.callee === 'ssl._create_unverified_context' || call.callee === 'ssl._create_stdlib_context') {
          if (call.callee === 'ssl._create_stdlib_context') return;
          ctx.report({
            node: call,
            messageId: 'context',
            data: { what: `${call.callee}()` },
            suggestion: 'Use `ssl.create_default_context()` (add a private CA with `cafile=…` if the server uses one).',
          });
          return;
        }
        const verify = keywordValue(call, 'verify');
        const sslOff = keywordValue(call, 'ssl');
        const certReqs = keywordValue(call, 'cert_reqs');
        const off =
          (verify === 'False' &&
            (PY_HTTP.test(call.callee) || /^(get|post|put|patch|delete|head|request|Session|Client|AsyncClient)$/.test(call.name))) ||
          (sslOff === 'False' && /^(get|post|put|patch|delete|request|ws_connect|TCPConnector|ClientSession)$/.test(call.name)) ||
          (certReqs !== null && /CERT_NONE/.test(certReqs));
        if (!off) return;
        // `verify=False` → `verify=True`; the other switches are left to the author.
        const value = verify === 'False' ? call.keywordArgs?.find((k) => k.name === 'verify')?.value : undefined;
        ctx.report({
          ...(value && sourceOf(ctx.file, value.span) === 'False' ? { fix: { span: value.span, text: 'True' } } : {}),
          node: call,
          messageId: 'verify',
          data: { call: short(`${call.callee}(${call.args.join(', ')})`, 60) },
          suggestion:
            'Remove `verify=False`; for an internal CA pass its bundle instead (`verify="/path/to/ca.pem"`), and never disable verification outside local tests.',
        });
      },
      assignment(a) {
        const target = a.targets[0] ?? '';
        const value = a.value?.text.trim() ?? '';
        let what: string | null = null;
        if (python) {
          // `check_hostname = False` alone still verifies the chain (and is required without a server name): not reported.
          if (/\.verify_mode$/.test(target) && /CERT_NONE$/.test(value)) what = `${target} = ${value}`;
        } else if (/NODE_TLS_REJECT_UNAUTHORIZED$/.test(target) && /^['"`]?0['"`]?$/.test(value)) what = `${target} = ${value}`;
        if (!what) return;
        ctx.report({
          node: a,
          messageId: 'option',
          data: { what },
          suggestion: python
            ? 'Keep the defaults of `ssl.create_default_context()` (`check_hostname=True`, `CERT_REQUIRED`); load a private CA with `load_verify_locations` if needed.'
            : 'Remove it; for a private CA pass `ca: fs.readFileSync("ca.pem")` to the agent or set `NODE_EXTRA_CA_CERTS`.',
        });
      },
      file() {
        if (python) return;
        for (let i = 0; i + 2 < tokens.length; i++) {
          const t = tokens[i]!;
          if (t.text !== 'rejectUnauthorized' && t.text !== "'rejectUnauthorized'" && t.text !== '"rejectUnauthorized"') continue;
          if (tokens[i + 1]!.text !== ':' || tokens[i + 2]!.text !== 'false') continue;
          ctx.report({
            node: { line: t.line, column: t.column, endLine: t.line, endColumn: tokens[i + 2]!.column + 5 },
            messageId: 'option',
            data: { what: 'rejectUnauthorized: false' },
            suggestion:
              'Remove `rejectUnauthorized: false`; for a self-signed or private CA pass `ca: fs.readFileSync("ca.pem")` so the certificate is still verified.',
          });
        }
      },
    };
  },
});
