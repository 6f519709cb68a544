import { escapeHtml, jsonForScript } from './escape.js';
import { STYLE } from './style.js';

/**
 * A whole self-contained page: inline style, inline SVG in `body`, the data as inert JSON and an
 * inline script. A CSP meta tag forbids loading anything from elsewhere, so the file works offline
 * and from file://, and cannot leak anything if opened from a CI artifact.
 */
export function page(opts: { title: string; header: string; body: string; data?: unknown; script?: string }): string {
  const csp = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";
  const data = opts.data === undefined ? '' : `<script type="application/json" id="toasty-data">${jsonForScript(opts.data)}</script>\n`;
  const script = opts.script ? `<script>${opts.script}</script>\n` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="generator" content="toasty">
<title>${escapeHtml(opts.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#main">Skip to the report</a>
<main id="main">
<header class="top">${opts.header}<button type="button" id="theme" class="noprint" aria-pressed="false">Dark theme</button></header>
${opts.body}
</main>
${data}${script}</body>
</html>
`;
}
