/** The theme toggle: light or dark, remembered where the browser allows (file:// may not). */
export const THEME = String.raw`
(function () {
  'use strict';
  var root = document.documentElement;
  try { var saved = localStorage.getItem('toasty-theme'); if (saved) root.setAttribute('data-theme', saved); } catch (e) { /* file:// without storage */ }
  var themeButton = document.getElementById('theme');
  function dark() { var t = root.getAttribute('data-theme'); return t ? t === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches; }
  function labelTheme() { themeButton.textContent = dark() ? 'Light theme' : 'Dark theme'; themeButton.setAttribute('aria-pressed', String(dark())); }
  themeButton.addEventListener('click', function () {
    var next = dark() ? 'light' : 'dark';
    root.setAttribute('data-theme', next);
    try { localStorage.setItem('toasty-theme', next); } catch (e) { /* ignore */ }
    labelTheme();
  });
  labelTheme();

})();
`;

/**
 * The report's script (plain ES2017, inlined): renders the file table and a file's findings from the
 * embedded JSON, on demand. Every piece of user text goes through textContent or setAttribute,
 * never innerHTML, so a file named `<img onerror=…>` stays text.
 */
export const CLIENT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('toasty-data').textContent);
  var DIMS = data.dims;
  var ROWS = 100;
  var FINDINGS = 50;
  var byId = {};
  data.files.forEach(function (f) { byId[f.i] = f; });
  var state = { key: 'lost', dir: -1, q: '', grade: '', lang: '', status: '', onlyFindings: false, shown: ROWS };

  function el(tag, props, kids) {
    var n = document.createElement(tag);
    if (props) Object.keys(props).forEach(function (k) {
      if (k === 'text') n.textContent = props[k];
      else if (k === 'cls') n.className = props[k];
      else if (k === 'on') Object.keys(props.on).forEach(function (e) { n.addEventListener(e, props.on[e]); });
      else n.setAttribute(k, props[k]);
    });
    (kids || []).forEach(function (c) { if (c !== null && c !== undefined) n.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return n;
  }
  function fmt(x) { return x === null || x === undefined ? '—' : x.toFixed(1); }
  function gradeBadge(g) { return el('span', { cls: 'grade g-' + (g || 'none'), text: g || '—' }); }

  // ---- file table ----
  var tbody = document.getElementById('files-body');
  var count = document.getElementById('files-count');
  var more = document.getElementById('files-more');
  var q = document.getElementById('f-q'), fg = document.getElementById('f-grade'), fl = document.getElementById('f-lang'),
      fs = document.getElementById('f-status'), fo = document.getElementById('f-only');
  var langs = {};
  data.files.forEach(function (f) { if (f.lang) langs[f.lang] = true; });
  Object.keys(langs).sort().forEach(function (l) { fl.appendChild(el('option', { value: l, text: l })); });

  var KEYS = {
    path: function (f) { return f.path; },
    score: function (f) { return f.score === null ? -1 : f.score; },
    sloc: function (f) { return f.sloc; },
    n: function (f) { return f.n; },
    lost: function (f) { return f.lost; },
    mi: function (f) { return f.mi === null ? -1 : f.mi; }
  };
  DIMS.forEach(function (d, i) { KEYS[d] = function (f) { return f.dims ? f.dims[i] : -1; }; });

  function visible() {
    var needle = state.q.toLowerCase();
    var list = data.files.filter(function (f) {
      return (!needle || f.path.toLowerCase().indexOf(needle) >= 0) &&
        (!state.grade || (f.grade || '') === state.grade) &&
        (!state.lang || f.lang === state.lang) &&
        (!state.status || f.st === state.status) &&
        (!state.onlyFindings || f.n > 0);
    });
    var key = KEYS[state.key], dir = state.dir;
    return list.sort(function (a, b) {
      var x = key(a), y = key(b);
      var c = x < y ? -1 : x > y ? 1 : 0;
      return c * dir || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
    });
  }

  function fileRow(f) {
    var link = el('a', { href: '#f-' + f.i, text: f.path });
    var cells = [
      el('td', null, [link, f.st === 'graded' ? null : el('span', { cls: 'muted', text: ' (' + f.st + (f.why ? ': ' + f.why : '') + ')' })]),
      el('td', { cls: 'num' }, [f.score === null ? '—' : fmt(f.score) + ' ', f.grade ? gradeBadge(f.grade) : null]),
      el('td', { cls: 'num', text: String(f.sloc) }),
      el('td', { cls: 'num', text: String(f.n) }),
      el('td', { cls: 'num', text: f.lost ? f.lost.toFixed(2) : '0' }),
      el('td', { cls: 'num', text: fmt(f.mi) })
    ];
    DIMS.forEach(function (d, i) { cells.push(el('td', { cls: 'num', text: f.dims ? f.dims[i].toFixed(0) : '—' })); });
    return el('tr', { 'data-id': f.i, cls: location.hash === '#f-' + f.i ? 'sel' : '' }, cells);
  }

  function renderTable() {
    var list = visible();
    var frag = document.createDocumentFragment();
    list.slice(0, state.shown).forEach(function (f) { frag.appendChild(fileRow(f)); });
    tbody.textContent = '';
    tbody.appendChild(frag);
    count.textContent = 'Showing ' + Math.min(state.shown, list.length) + ' of ' + list.length + ' file(s)' + (list.length !== data.files.length ? ' (' + data.files.length + ' in all)' : '');
    more.hidden = list.length <= state.shown;
    document.querySelectorAll('#files th[data-key]').forEach(function (th) {
      th.setAttribute('aria-sort', th.getAttribute('data-key') === state.key ? (state.dir > 0 ? 'ascending' : 'descending') : 'none');
    });
  }

  document.querySelectorAll('#files th[data-key] button').forEach(function (b) {
    b.addEventListener('click', function () {
      var key = b.parentNode.getAttribute('data-key');
      if (state.key === key) state.dir = -state.dir;
      else { state.key = key; state.dir = key === 'path' || key === 'score' || key === 'mi' || DIMS.indexOf(key) >= 0 ? 1 : -1; }
      renderTable();
    });
  });
  function onFilter() {
    state.q = q.value; state.grade = fg.value; state.lang = fl.value; state.status = fs.value; state.onlyFindings = fo.checked;
    state.shown = ROWS;
    renderTable();
  }
  [q, fg, fl, fs, fo].forEach(function (c) { c.addEventListener('input', onFilter); c.addEventListener('change', onFilter); });
  more.addEventListener('click', function () { state.shown += ROWS * 5; renderTable(); });

  // ---- one file ----
  var detail = document.getElementById('file');

  function copyButton(text) {
    return el('button', { type: 'button', 'aria-label': 'Copy: ' + text, text: 'Copy', on: { click: function (ev) {
      var b = ev.currentTarget;
      function done(ok) { b.textContent = ok ? 'Copied' : 'Select and copy'; setTimeout(function () { b.textContent = 'Copy'; }, 1500); }
      function fallback() {
        var t = el('textarea', { readonly: '', 'aria-hidden': 'true' });
        t.value = text; t.style.position = 'fixed'; t.style.opacity = '0';
        document.body.appendChild(t); t.select();
        var ok = false; try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
        document.body.removeChild(t); done(ok);
      }
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
      else fallback();
    } } });
  }
  function command(text) { return el('span', null, [el('code', { text: text }), ' ', copyButton(text)]); }

  function frame(file, f) {
    var lines = {};
    file.src.forEach(function (l) { lines[l[0]] = l[1]; });
    var from = Math.max(1, f.p[0] - 1), to = Math.min(Math.max(f.p[0], f.p[2]), f.p[0] + 2) + 1;
    var pre = el('pre', { cls: 'frame', 'aria-label': 'Code at line ' + f.p[0] });
    var any = false;
    for (var n = from; n <= to; n++) {
      if (!(n in lines)) continue;
      any = true;
      var text = lines[n];
      var hit = n >= f.p[0] && n <= f.p[2];
      var row = el('span', { cls: hit ? 'hit' : '' }, [el('span', { cls: 'ln', text: String(n) })]);
      if (n === f.p[0] && f.p[1] >= 1) {
        var end = f.p[2] === f.p[0] ? Math.max(f.p[3] - 1, f.p[1]) : text.length;
        row.appendChild(document.createTextNode(text.slice(0, f.p[1] - 1)));
        row.appendChild(el('mark', { text: text.slice(f.p[1] - 1, end) }));
        row.appendChild(document.createTextNode(text.slice(end)));
      } else row.appendChild(document.createTextNode(text));
      pre.appendChild(row);
      pre.appendChild(document.createTextNode('\n'));
    }
    return any ? pre : null;
  }

  function finding(file, f) {
    var head = el('h4', null, [
      el('span', { cls: 'sev sev-' + f.s, text: f.s }),
      el('span', { cls: 'num', text: f.p[0] + ':' + f.p[1] + ' ' }),
      f.m
    ]);
    var facts = [
      el('span', { title: data.rules[f.r] || '', text: f.r }),
      ' · ' + DIMS[f.d],
      f.k > 0 ? ' · −' + f.k + ' point(s)' : ' · no cost',
      f.x ? ' · ' + f.x : '',
      f.b ? ' · baseline: ' + f.b : '',
      f.fix ? ' · fix available (' + f.fix.a + ')' : ''
    ];
    var kids = [head, el('div', { cls: 'muted' }, facts), frame(file, f), el('div', { cls: 'suggest', text: f.g })];
    if (f.fix) kids.push(el('div', null, ['Fix (' + f.fix.a + '): replace with ', el('code', { text: f.fix.t || '(nothing)' })]));
    if (f.ns && f.ns.length) kids.push(el('div', null, ['Name suggestions: ', f.ns.map(function (s) { return s.name + ' (' + Math.round(s.confidence * 100) + '%)'; }).join(', ')]));
    kids.push(el('div', { cls: 'cmd' }, [command('toasty show ' + f.i), command('toasty feedback ' + f.i + ' --helpful'), command('toasty feedback ' + f.i + ' --not-helpful')]));
    return el('article', { cls: 'finding' + (f.x ? ' off' : ''), id: 'x-' + f.i, 'data-rule': f.r }, kids);
  }

  function functionsTable(file) {
    if (!file.fns.length) return el('p', { cls: 'muted', text: 'No functions.' });
    var head = el('tr', null, ['function', 'lines', 'cyclomatic', 'cognitive', 'nesting', 'params', 'sloc'].map(function (h) { return el('th', { scope: 'col', text: h }); }));
    var rows = file.fns.slice().sort(function (a, b) { return b[4] - a[4] || b[3] - a[3] || a[1] - b[1]; }).map(function (fn) {
      return el('tr', null, [el('td', { text: fn[0] }), el('td', { cls: 'num', text: fn[1] + '–' + fn[2] })].concat(fn.slice(3).map(function (v) { return el('td', { cls: 'num', text: String(v) }); })));
    });
    return el('table', { 'aria-label': 'Function metrics of ' + file.path }, [el('thead', null, [head]), el('tbody', null, rows)]);
  }

  function renderFile(file) {
    detail.textContent = '';
    detail.hidden = false;
    var title = el('h2', { id: 'file-title', tabindex: '-1' }, ['File: ', file.path]);
    var dims = file.dims ? DIMS.map(function (d, i) { return d + ' ' + file.dims[i].toFixed(1); }).join(' · ') : '';
    detail.appendChild(title);
    detail.appendChild(el('p', null, [
      file.score === null ? 'not graded' : 'Score ' + fmt(file.score) + ' ', file.grade ? gradeBadge(file.grade) : null,
      ' · ' + file.sloc + ' sloc · ' + file.n + ' counted finding(s) · MI ' + fmt(file.mi) + (file.lost ? ' · costs the project ' + file.lost.toFixed(2) + ' point(s)' : ''),
      file.why ? ' · ' + file.st + ': ' + file.why : ''
    ]));
    if (dims) detail.appendChild(el('p', { cls: 'muted', text: dims }));
    detail.appendChild(el('div', { cls: 'cmd' }, [command('toasty show ' + file.i), command('toasty explain ' + file.path)]));
    detail.appendChild(el('h3', { text: 'Findings (' + file.f.length + ')' }));
    var list = el('div', { id: 'findings' });
    detail.appendChild(list);
    var shown = 0;
    var moreButton = el('button', { type: 'button', cls: 'noprint', text: 'Show more findings' });
    function page() {
      var frag = document.createDocumentFragment();
      file.f.slice(shown, shown + FINDINGS).forEach(function (f) { frag.appendChild(finding(file, f)); });
      shown += FINDINGS;
      list.appendChild(frag);
      moreButton.hidden = shown >= file.f.length;
    }
    moreButton.addEventListener('click', page);
    if (!file.f.length) list.appendChild(el('p', { cls: 'muted', text: 'No findings.' }));
    page();
    detail.appendChild(moreButton);
    detail.appendChild(el('h3', { text: 'Function metrics (' + file.fns.length + ')' }));
    detail.appendChild(functionsTable(file));
    detail.appendChild(el('p', { cls: 'noprint' }, [el('a', { href: '#files', text: 'Back to the file table' })]));
  }

  function route() {
    var m = /^#f-([0-9a-f]+)$/.exec(location.hash);
    document.querySelectorAll('#files-body tr.sel').forEach(function (r) { r.className = ''; });
    if (!m || !byId[m[1]]) { detail.hidden = true; return; }
    renderFile(byId[m[1]]);
    var row = document.querySelector('#files-body tr[data-id="' + m[1] + '"]');
    if (row) row.className = 'sel';
    document.getElementById('file-title').focus();
  }
  window.addEventListener('hashchange', route);
  renderTable();
  route();
  document.body.setAttribute('data-ready', 'true');
})();
`;
