#!/usr/bin/env node
// The Python front-end's token-level passes against an earlier build's (issue 19): radon's raw
// metrics (`rawMetrics`, on each text and its normalised form), the model's tokens (`tokenize`), the
// module's and every function's Halstead volume (and this build's one walk for them all, where it
// has one) and `stringValue` of every string node, for every
// .py file under the given paths and deliberately broken copies of it: CRLF, CR, tab indentation,
// form feeds, U+2028, lone surrogates, truncations and copies with random edits (quotes, triple
// quotes, backslashes, line boundaries, brackets, string prefixes, escapes). The trees are parsed by
// this checkout's parser and shared by both builds. A fixed seed: the same texts every run.
//
//   npm run build && node bench/parity/python-token-passes.mjs --before <built checkout> [path ...]
//
// Default paths: the Python standard library. Prints the first differences and a summary; exit 1
// when anything differs.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const argv = process.argv.slice(2);
const at = argv.indexOf('--before');
if (at < 0) throw new Error('usage: python-token-passes.mjs --before <built checkout> [path ...]');
const before = resolve(argv.splice(at, 2)[1]);
const paths = argv.length ? argv : ['/usr/lib/python3.11'];
const here = resolve(import.meta.dirname, '..', '..');
const load = async (root) => {
  const m = (name) => import(join(root, 'dist', 'languages', 'python', name));
  const [raw, tok, hal] = await Promise.all([m('raw-metrics.js'), m('tokens.js'), m('halstead.js')]);
  return { raw, tok, hal };
};
const A = await load(before);
const B = await load(here);
const { parsePython } = await import(join(here, 'dist', 'languages', 'python', 'parse.js'));

const files = [];
for (const p of paths) {
  for (const f of statSync(p).isDirectory() ? readdirSync(p, { recursive: true }).map((f) => join(p, String(f))) : [p]) {
    if (!f.endsWith('.py')) continue;
    try {
      if (statSync(f).isFile()) files.push(f);
    } catch {
      // a dangling link
    }
  }
}
files.sort();

let seed = 12345;
const rnd = (n) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const EDITS = ["'", '"', "'''", '"""', '\\', '\\\n', '#', '\n', '\r', '\r\n', '\t', '\f', '\x0b', '\x1c', '\x85', '\u2028', '\u2029', '\ud800', '\udc00', '\ud83d\ude00', '(', ')', '[', ']', '{', '}', ':', ';', ' ', '    ', 'b"', "rB'", 'f"""', '\u00a0', '\u3000', '0x', '.5', '...', 'é', '\u0660', '$', '?', '\\x4', '\\u12', '\\N{', '\\777', ' not ', ' is ', ' and ', ' + '];
function variants(src) {
  const lines = src.split('\n');
  const out = [
    src,
    src.replace(/\n/g, '\r\n'),
    src.replace(/\n/g, '\r'),
    src.replace(/^( {4})+/gm, (m) => '\t'.repeat(m.length / 4)),
    lines.map((l, i) => (i % 7 === 3 ? '\f' + l : l)).join('\n'),
    lines.map((l, i) => (i % 11 === 5 ? l + '\u2028' : l)).join('\n'),
    lines.map((l, i) => (i % 9 === 4 ? l + ' \\' : l)).join('\n'),
    lines.map((l, i) => (i % 13 === 6 ? l.slice(0, l.length >> 1) + '\ud800' + l.slice(l.length >> 1) : i % 13 === 7 ? '\udc00' + l : l)).join('\n'),
  ];
  for (let k = 0; k < 3; k++) out.push(src.slice(0, rnd(src.length + 1)));
  for (let k = 0; k < 4; k++) {
    let s = src;
    for (let q = 1 + rnd(5); q > 0; q--) {
      const i = rnd(s.length + 1);
      s = rnd(3) === 0 ? s.slice(0, i) + s.slice(i + 1 + rnd(3)) : s.slice(0, i) + EDITS[rnd(EDITS.length)] + s.slice(i);
    }
    out.push(s);
  }
  return out;
}

const same = (what, f, a, b) => {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  if (x === y) return 0;
  if (differences < 10) console.log(`${f}: ${what} differs\n  before ${x.slice(0, 300)}\n  after  ${y.slice(0, 300)}`);
  return 1;
};
const tryRaw = (m, text) => {
  try {
    return m.raw.rawMetrics(text);
  } catch (e) {
    return `throws ${e.message}`;
  }
};
let texts = 0;
let tokens = 0;
let strings = 0;
let differences = 0;
let functions = 0;
let walked = 0;
for (const f of files) {
  for (const src of variants(readFileSync(f, 'utf8'))) {
    texts++;
    const normal = B.raw.normalizeNewlines(src);
    differences += same('rawMetrics', f, tryRaw(A, src), tryRaw(B, src));
    differences += same('rawMetrics (normalised)', f, tryRaw(A, normal), tryRaw(B, normal));
    const { root } = parsePython(src);
    const t = B.tok.tokenize(src, root);
    tokens += t.length;
    differences += same('tokenize', f, A.tok.tokenize(src, root), t);
    const va = [A.hal.moduleVolume(src, root)];
    const vb = [B.hal.moduleVolume(src, root)];
    const fns = [];
    const stack = [root];
    while (stack.length) {
      const n = stack.pop();
      if (n.type === 'function_definition' || n.type === 'lambda') {
        fns.push(n);
        va.push(A.hal.functionVolume(src, n));
        vb.push(B.hal.functionVolume(src, n));
      } else if (n.type === 'string' || n.type === 'concatenated_string') {
        strings++;
        differences += same('stringValue', f, A.hal.stringValue(src, n), B.hal.stringValue(src, n));
      }
      for (const c of n.children) stack.push(c);
    }
    differences += same('Halstead volumes', f, va, vb);
    // This build's one walk for the module and every function (where it has one): each function it
    // reaches has the volume of its own walk; the functions it leaves out are given by that walk.
    if (B.hal.halsteadVolumes) {
      const one = B.hal.halsteadVolumes(src, root, new Set(fns));
      walked += one.functions.size;
      functions += fns.length;
      const vo = [one.module, ...fns.map((n) => one.functions.get(n) ?? B.hal.functionVolume(src, n))];
      differences += same('Halstead volumes in one walk', f, va, vo);
    }
  }
}
console.log(`${files.length} files, ${texts} texts (each file and 14 broken copies), ${tokens} tokens, ${strings} string nodes: ${differences} differences`);
if (functions) console.log(`one Halstead walk: ${walked} of ${functions} functions and lambdas reached by the module's walk, the rest given by their own`);
process.exit(differences ? 1 : 0);
