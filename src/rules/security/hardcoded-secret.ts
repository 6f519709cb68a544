import { defineRule } from '../../engine/rule.js';
import { isTestPath } from '../shared/paths.js';

/** Well-known credential formats: high confidence wherever they appear. */
const KNOWN: { name: string; pattern: RegExp }[] = [
  { name: 'AWS access key id', pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'GitHub token', pattern: /\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{60,}/ },
  { name: 'Slack token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  { name: 'private key', pattern: /-----BEGIN (RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY( BLOCK)?-----/ },
  { name: 'Stripe secret key', pattern: /\b[sr]k_live_[A-Za-z0-9]{20,}/ },
  { name: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: 'JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{10,}/ },
  { name: 'npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { name: 'SendGrid key', pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/ },
];

const SECRET_NAME =
  /(pass(word|wd|phrase)?|pwd|secret|token|api_?key|apikey|access_?key|private_?key|auth_?key|client_?secret|credentials?|signing_?key|encryption_?key)$/i;
const NOT_SECRET_NAME =
  /(_?(name|field|file|path|dir|url|uri|env|var|key_?name|header|prefix|suffix|type|label|length|len|size|count|regex|re|pattern|format|id|attr|param|column|policy|placeholder|hint|message|msg|text|prompt|error|template|endpoint|cookie|kind)$|^(no|is|has|use|enable)_)/i;
const PLACEHOLDER =
  /^(x+|\*+|\.+|-+|changeme|change[_-]?me|password|secret|token|your[_-].*|<.*>|\{.*\}|\$\{.*\}|%\(.*\)s|example.*|dummy.*|test.*|fake.*|sample.*|placeholder|none|null|undefined|todo|fixme|redacted|xxx.*|.*xxxx.*|\*\*\*.*)$/i;

function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

function mask(value: string): string {
  return value.length <= 8 ? '****' : `${value.slice(0, 4)}…${value.slice(-2)}`;
}

export default defineRule({
  id: 'hardcoded-secret',
  dimension: 'security',
  meta: {
    description: 'A credential (API key, token, password, private key) is written in the source.',
    why: 'Secrets in source end up in version control, builds, logs and every clone of the repository; anyone who can read the code can use them, and rotating them means a code change. Load them from the environment or a secret manager.',
    severity: 'error',
    languages: ['python', 'javascript', 'typescript'],
    messages: {
      known: '{aKind} ({masked}) is hard-coded here.',
      named: '`{name}` is assigned a hard-coded secret-looking value ({masked}).',
    },
    optionSchema: { minEntropy: { type: 'number', minimum: 0 }, minLength: { type: 'integer', minimum: 1 } },
  },
  /** minEntropy: Shannon bits per character for values bound to secret-like names. */
  defaultOptions: { minEntropy: 3, minLength: 8, ignoreTests: true },
  create(ctx, { minEntropy, minLength, ignoreTests }) {
    const skip = ignoreTests && isTestPath(ctx.file.path, { samples: true });
    const python = ctx.file.language === 'python';
    const env = python ? `os.environ["{NAME}"]` : `process.env.{NAME}`;
    return {
      string(s) {
        if (skip || s.isDocstring) return;
        const value = s.value;
        for (const k of KNOWN) {
          const m = k.pattern.exec(value);
          if (!m) continue;
          if (/EXAMPLE|example|x{6,}|X{6,}/.test(value)) return;
          const name = (s.boundTo ?? k.name.replace(/\W+/g, '_')).toUpperCase();
          ctx.report({
            node: s,
            messageId: 'known',
            data: { aKind: `${/^[aeiou]/i.test(k.name) ? 'An' : 'A'} ${k.name}`, masked: mask(m[0]) },
            suggestion: `Revoke this ${k.name}, remove it from the code (and history), and read it at run time: \`${env.replace('{NAME}', name)}\`.`,
          });
          return;
        }
        if (!s.boundTo || s.interpolated || !SECRET_NAME.test(s.boundTo) || NOT_SECRET_NAME.test(s.boundTo)) return;
        const v = value.trim();
        if (v.length < Number(minLength) || /\s/.test(v) || PLACEHOLDER.test(v)) return;
        if (/^[a-z]+([_.-][a-z]+)*$/i.test(v) && entropy(v) < 3.5) return; // an identifier-like word, e.g. the name of a field
        if (/^(https?|file|s3|ftp):\/\/|^[./~]|[\\/]\w+[\\/]/.test(v)) return; // URLs and paths
        if (/^[\w.-]+@[\w.-]+$/.test(v) || /^[A-Z][A-Z0-9_]+$/.test(v)) return; // emails, ENV_VAR_NAMES
        if (!/\d/.test(v)) return; // no digit: words, lexer token names (`?NoLineTerminatorHere`), rarely a real key
        if (entropy(v) < Number(minEntropy)) return;
        const name = s.boundTo;
        ctx.report({
          node: s,
          messageId: 'named',
          data: { name, masked: mask(v) },
          suggestion: `Read \`${name}\` from the environment (\`${env.replace('{NAME}', name.toUpperCase())}\`) or a secret manager, and rotate the value that was committed.`,
        });
      },
    };
  },
});
