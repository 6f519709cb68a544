import type { CallNode } from '../../model/types.js';
import { defineRule } from '../../engine/rule.js';
import { argText, commentsNear, keywordValue, short, sourceOf } from '../shared/model-query.js';

const NAMED = /\b(sha-?1|md5)\b/i;
const ACKNOWLEDGED = /vulnerab|\bweak\b|insecure|broken|\bspec\b|\brfc\b|required|mandat|compat|legacy|interop|not (used )?for security/i;

/** Contexts where MD5/SHA-1 is a weakness. Nonces, OTPs (RFC 4226 uses HMAC-SHA1) and cache keys are not. */
/** The whole identifier a match sits in (`hashPassword`, not `Password`), as the code spells it. */
function identifierAround(text: string, start: number, end: number): string {
  while (start > 0 && /[\w$]/.test(text[start - 1]!)) start--;
  while (end < text.length && /[\w$]/.test(text[end]!)) end++;
  return text.slice(start, end);
}

const SENSITIVE = /pass(word|wd|phrase)|passwd|pwd|secret|token|credential|salt|auth(?!or)|signature|\bsign(ed|ing)?\b|hmac|api_?key/i;

export default defineRule({
  id: 'weak-hash',
  dimension: 'security',
  meta: {
    description: 'MD5 or SHA-1 is used for a password, token or signature.',
    why: 'MD5 and SHA-1 are broken for collision resistance and are so fast that leaked password hashes are cracked by the billion per second. Passwords need a slow salted KDF (bcrypt, scrypt, Argon2, PBKDF2); signatures and tokens need SHA-256 or better (HMAC).',
    severity: 'error',
    languages: ['python', 'javascript', 'typescript'],
    messages: { weak: '`{call}` hashes {what} with {algorithm}, which is broken for security use.' },
    fix: 'unsafe',
  },
  /** onlySensitive: report only when the context (arguments, target, function) mentions passwords/tokens/signatures; false reports every MD5/SHA-1. */
  defaultOptions: { onlySensitive: true },
  create(ctx, { onlySensitive }) {
    const python = ctx.file.language === 'python';
    const context = (call: CallNode): string | null => {
      const fn = call.function === null ? null : ctx.file.functions[call.function];
      const assigned = ctx.file.assignments.find((a) => a.span.line === call.span.line)?.targets.join(' ') ?? '';
      const line = ctx.file.lines[call.span.line - 1] ?? '';
      const texts = [call.args.join(' '), assigned, fn?.name ?? '', line];
      for (const t of texts) {
        const m = SENSITIVE.exec(t);
        if (m) return identifierAround(t, m.index, m.index + m[0].length);
      }
      return null;
    };
    const algorithmOf = (call: CallNode): string | null => {
      if (python) {
        if (call.callee === 'hashlib.md5' || call.callee === 'md5' || call.callee === 'md5.new') return 'MD5';
        if (call.callee === 'hashlib.sha1' || call.callee === 'sha.new') return 'SHA-1';
        if (call.callee === 'hashlib.new' || call.callee === 'hmac.new') {
          const alg = (call.callee === 'hmac.new' ? (keywordValue(call, 'digestmod') ?? argText(call, 2)) : argText(call, 0))
            .replace(/['"]/g, '')
            .toLowerCase();
          if (/^(hashlib\.)?md5$/.test(alg)) return 'MD5';
          if (/^(hashlib\.)?sha1$/.test(alg) && call.callee === 'hashlib.new') return 'SHA-1';
        }
        return null;
      }
      if (call.name !== 'createHash' && call.name !== 'createHmac') return null;
      const alg = argText(call, 0).replace(/['"`]/g, '').toLowerCase();
      if (alg === 'md5') return 'MD5';
      if (alg === 'sha1' && call.name === 'createHash') return 'SHA-1';
      return null;
    };
    // SHA-256 in place of MD5/SHA-1 (unsafe: the digests differ, so stored hashes no longer match).
    // Not for passwords: they need a slow KDF, which no one-token edit gives.
    const sha256Fix = (call: CallNode) => {
      const head = sourceOf(ctx.file, call.span);
      if (python && /^hashlib\.(md5|sha1)$/.test(call.callee) && head.startsWith(call.callee)) {
        const { line, column } = call.span;
        return { span: { line, column, endLine: line, endColumn: column + call.callee.length }, text: 'hashlib.sha256' };
      }
      const arg = call.callee === 'hashlib.new' || !python ? call.argExprs?.[0] : undefined;
      const literal = arg ? /^(['"`])(md5|sha1)\1$/i.exec(sourceOf(ctx.file, arg.span)) : null;
      return arg && literal ? { span: arg.span, text: `${literal[1]}sha256${literal[1]}` } : null;
    };
    return {
      call(call) {
        const algorithm = algorithmOf(call);
        if (!algorithm) return;
        if (python && keywordValue(call, 'usedforsecurity') === 'False') return;
        const sensitive = context(call);
        if (onlySensitive && !sensitive) return;
        // The comment just above names the algorithm and says why it stays (a protocol mandates it, "SHA-1 is vulnerable …").
        if (commentsNear(ctx.file, call.span.line, 6).some((t) => NAMED.test(t) && ACKNOWLEDGED.test(t))) return;
        const pw = sensitive ? /pass|pwd/i.test(sensitive) : false;
        const text = short(`${call.callee}(${call.args.join(', ')})`, 50);
        const fix = pw ? null : sha256Fix(call);
        ctx.report({
          ...(fix ? { fix } : {}),
          node: call,
          messageId: 'weak',
          data: { call: text, what: sensitive ? `a value related to \`${sensitive}\`` : 'data', algorithm },
          suggestion: pw
            ? python
              ? 'Hash passwords with a slow salted KDF: `hashlib.scrypt(password, salt=os.urandom(16), n=2**14, r=8, p=1)`, `hashlib.pbkdf2_hmac("sha256", …)`, or the `argon2-cffi`/`bcrypt` packages.'
              : 'Hash passwords with a slow salted KDF: `crypto.scrypt(password, salt, 64, cb)` or the `argon2`/`bcrypt` packages.'
            : python
              ? `Use \`hashlib.sha256\` (or \`hmac.new(key, msg, "sha256")\` for signatures); if this hash is not for security, pass \`usedforsecurity=False\`.`
              : "Use `crypto.createHash('sha256')` (or `createHmac('sha256', key)` for signatures).",
        });
      },
    };
  },
});
