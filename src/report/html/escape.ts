const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML content and attribute values: every character that could open markup or end a quoted attribute is an entity. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!);
}

/**
 * JSON safe inside `<script type="application/json">`: `<` (so no `</script>` or `<!--` can end or
 * change the element), `>` and `&` become \u escapes; U+2028/U+2029 too, for older parsers.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A number with one decimal, or an em dash for none. */
export function fmt(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toFixed(1);
}
