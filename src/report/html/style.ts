/** The report's stylesheet: light and dark themes (the system's, or the toggle's choice), print, focus rings. */
export const STYLE = `
:root{color-scheme:light;--bg:#fff;--fg:#1b1f24;--muted:#5b6470;--line:#d5d9de;--panel:#f5f7f9;--track:#e8ebef;--link:#0b5cad;
--gA:#1a7f37;--gB:#4f9a2e;--gC:#b08800;--gD:#c4581a;--gF:#c62828;--gnone:#8b949e;--mark:#fff0a8;
--c0:#0b5cad;--c1:#8250df;--c2:#1a7f37;--c3:#bf8700;--c4:#cf222e;--c5:#0598bc;--c6:#6e7781;--c7:#bc4c00}
:root[data-theme=dark]{color-scheme:dark;--bg:#0f1317;--fg:#e6edf3;--muted:#9aa5b1;--line:#30363d;--panel:#161b22;--track:#262c34;--link:#6cb6ff;
--gA:#3fb950;--gB:#8ccf5a;--gC:#d4a72c;--gD:#f0883e;--gF:#ff6b6b;--gnone:#6e7681;--mark:#5a4a00;
--c0:#6cb6ff;--c1:#c297ff;--c2:#3fb950;--c3:#e3b341;--c4:#ff7b72;--c5:#39c5cf;--c6:#8b949e;--c7:#f0883e}
@media (prefers-color-scheme:dark){:root:not([data-theme=light]){color-scheme:dark;--bg:#0f1317;--fg:#e6edf3;--muted:#9aa5b1;--line:#30363d;--panel:#161b22;--track:#262c34;--link:#6cb6ff;
--gA:#3fb950;--gB:#8ccf5a;--gC:#d4a72c;--gD:#f0883e;--gF:#ff6b6b;--gnone:#6e7681;--mark:#5a4a00;
--c0:#6cb6ff;--c1:#c297ff;--c2:#3fb950;--c3:#e3b341;--c4:#ff7b72;--c5:#39c5cf;--c6:#8b949e;--c7:#f0883e}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:1180px;margin:0 auto;padding:16px 20px 48px}
a{color:var(--link)}
:focus-visible{outline:3px solid var(--c0);outline-offset:2px}
.skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:var(--bg);padding:6px;z-index:9}
header.top{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:baseline;justify-content:space-between;border-bottom:1px solid var(--line);padding-bottom:8px}
header.top h1{font-size:20px;margin:0}
.meta{color:var(--muted);font-size:13px}
h2{font-size:17px;margin:28px 0 10px}
h3{font-size:15px;margin:18px 0 8px}
.panel>h2,.panel>div>h3:first-child{margin-top:0}
section.panel{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:12px 16px;margin-top:16px}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px}
.score{display:flex;gap:20px;align-items:center;flex-wrap:wrap}
.big{font-size:44px;font-weight:700;line-height:1}
.grade{display:inline-block;min-width:1.8em;text-align:center;border-radius:6px;padding:0 6px;color:#fff;font-weight:700}
.badge{display:inline-block;border-radius:999px;padding:2px 10px;font-weight:700;color:#fff}
.pass{background:var(--gA)}.fail{background:var(--gF)}
.g-A{background:var(--gA);fill:var(--gA)}.g-B{background:var(--gB);fill:var(--gB)}.g-C{background:var(--gC);fill:var(--gC)}
.g-D{background:var(--gD);fill:var(--gD)}.g-F{background:var(--gF);fill:var(--gF)}.g-none{background:var(--gnone);fill:var(--gnone)}
.c0{fill:var(--c0);stroke:var(--c0);background:var(--c0)}.c1{fill:var(--c1);stroke:var(--c1);background:var(--c1)}
.c2{fill:var(--c2);stroke:var(--c2);background:var(--c2)}.c3{fill:var(--c3);stroke:var(--c3);background:var(--c3)}
.c4{fill:var(--c4);stroke:var(--c4);background:var(--c4)}.c5{fill:var(--c5);stroke:var(--c5);background:var(--c5)}
.c6{fill:var(--c6);stroke:var(--c6);background:var(--c6)}.c7{fill:var(--c7);stroke:var(--c7);background:var(--c7)}
ul.reasons{margin:6px 0 0;padding-left:20px}
svg.chart{max-width:100%;height:auto;font:12px system-ui,sans-serif}
svg .lbl,svg .val,svg .axis{fill:var(--fg)}svg .axis{fill:var(--muted)}
svg .track{fill:var(--track)}
svg .grid{stroke:var(--line);stroke-width:1}svg .current{stroke:var(--muted);stroke-dasharray:4 3}
svg .line{fill:none;stroke-width:1.5;opacity:.8}svg .line.main{stroke-width:3;opacity:1}
svg .dot{stroke:none}
svg a text{fill:var(--link);text-decoration:underline}
ul.legend{list-style:none;display:flex;flex-wrap:wrap;gap:4px 14px;padding:0;margin:4px 0}
.swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:5px;vertical-align:-1px}
.controls{display:flex;flex-wrap:wrap;gap:8px 14px;align-items:center;margin:8px 0}
.controls label{display:flex;gap:6px;align-items:center}
input,select,button{font:inherit;color:inherit;background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:4px 8px}
button{cursor:pointer}button:hover{border-color:var(--c0)}
table{border-collapse:collapse;width:100%}
th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap}
th:first-child,td:first-child{text-align:left;white-space:normal;word-break:break-all}
th button{border:0;background:none;padding:0;font-weight:700}
th[aria-sort=ascending] button::after{content:" ▲"}th[aria-sort=descending] button::after{content:" ▼"}
tr.sel{background:var(--track)}
td .grade{font-size:12px}
.num{font-variant-numeric:tabular-nums}
.muted{color:var(--muted)}
article.finding{border:1px solid var(--line);border-radius:8px;padding:8px 12px;margin:10px 0;background:var(--bg)}
article.finding.off{opacity:.65}
article.finding h4{margin:0 0 4px;font-size:14px;font-weight:600}
.sev{display:inline-block;border-radius:4px;padding:0 6px;color:#fff;font-size:12px;margin-right:6px}
.sev-error{background:var(--gF)}.sev-warning{background:var(--gC)}.sev-info{background:var(--c0)}
pre.frame{margin:6px 0;padding:6px 0;background:var(--panel);border-radius:6px;overflow-x:auto;tab-size:4;font:12.5px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre.frame span.ln{display:inline-block;width:5ch;text-align:right;padding-right:1ch;color:var(--muted);user-select:none}
pre.frame .hit{background:var(--track);display:inline-block;min-width:100%}
pre.frame mark{background:var(--mark);color:inherit}
.cmd{display:flex;flex-wrap:wrap;gap:6px 10px;align-items:center;margin-top:4px}
.cmd code{background:var(--panel);border:1px solid var(--line);border-radius:4px;padding:1px 6px}
.cmd button{font-size:12px;padding:1px 8px}
.suggest::before{content:"→ ";color:var(--c0);font-weight:700}
@media print{
:root,:root[data-theme=dark]{color-scheme:light;--bg:#fff;--fg:#000;--muted:#444;--line:#bbb;--panel:#fff;--track:#eee;--link:#000}
.controls,.noprint,button{display:none!important}
section.panel{break-inside:avoid;border-color:#bbb}
article.finding{break-inside:avoid}
main{max-width:none;padding:0}
}
`;
