/** Query parameters whose values are secrets. */
const SECRET_PARAM = /([?&](?:access_?token|api_?key|key|token|secret|password|passwd|pass|auth|sig|signature)=)[^&#\s'"]*/gi;

/**
 * Every URL in `text` with its credentials (`user:pass@`, and the values of token-like query
 * parameters) replaced by `***`, for messages, logs and anything stored.
 */
export function redactUrls(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s'"]*@/gi, '$1***@').replace(SECRET_PARAM, '$1***');
}
