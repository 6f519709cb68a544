#!/usr/bin/env node
// The measurements behind the tenth session's report, hash and regex changes (issue 19), each in
// one process, before and after side by side. Built code (dist/) is read for the regex check.
//
//   npm run build && node bench/speed/io-micro.mjs [write|pieces|hash|regex] [--report report.json] [--corpus DIR ...]
//
// write:  a report string written with writeFileSync(path, string) against Buffer.from + write, to
//         /dev/null (a two-byte string goes through V8's slow UTF-8 writer in the first).
// pieces: each graded file's JSON re-indented with a replace against cut out of a doubly wrapped
//         JSON.stringify (report/json.ts `fileText`), then encoded into one reused buffer.
// hash:   createHash().update().digest() against crypto.hash on 50,000 finding-sized strings.
// regex:  every `regex:` of the bundled packs over the corpora's files, with re2js's NFA alone (a
//         matcher's find loop) against yaml-rules' regexMatcher (its literal and DFA pre-tests): the
//         matches must be the same; times per pattern.
// --report: a grade's JSON report (default: the standard library's, made first when absent).
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const what = args.find((a) => ['write', 'pieces', 'hash', 'regex'].includes(a));
const corpora = args.flatMap((a, i) => (args[i - 1] === '--corpus' ? [resolve(a)] : []));
const ms = (t) => `${(performance.now() - t).toFixed(1)} ms`;

function report() {
  const file = opt('--report', join(tmpdir(), 'toasty-io-micro-stdlib.json'));
  if (!existsSync(file)) {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'toasty.js'), 'grade', '/usr/lib/python3.11', '--no-cache', '--no-neural', '--format', 'json', '--output', file, '--quiet'], {
      env: { ...process.env, CI: 'true', TOASTY_HOME: join(tmpdir(), 'toasty-io-micro-home') },
    });
    if (r.status !== 0 && r.status !== 1) throw new Error(`grade failed: ${r.stderr}`);
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

function files(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    let st;
    try {
      st = statSync(path);
    } catch {
      continue;
    }
    if (st.isDirectory()) files(path, out);
    else if (/\.(py|js|mjs|cjs|ts|tsx|jsx)$/.test(name)) out.push(path);
  }
  return out;
}

if (what === 'write') {
  const text = `${JSON.stringify(report(), null, 2)}\n`;
  for (let i = 0; i < 4; i++) {
    let t = performance.now();
    writeFileSync('/dev/null', text);
    const plain = ms(t);
    t = performance.now();
    writeFileSync('/dev/null', Buffer.from(text, 'utf8'));
    console.log(`writeFileSync(string) ${plain}, Buffer.from + writeFileSync ${ms(t)} (${text.length} characters)`);
  }
} else if (what === 'pieces') {
  const result = report();
  const buffer = Buffer.allocUnsafe(1 << 20);
  const wrapped = JSON.stringify([[0]], null, 2);
  const start = wrapped.indexOf('0');
  const end = wrapped.length - start - 1;
  const pass = (piece) => {
    const t = performance.now();
    let used = 0;
    for (const f of result.files) {
      const p = piece(f);
      if (used + p.length * 3 > buffer.length) used = 0;
      used += buffer.write(p, used, 'utf8');
    }
    return ms(t);
  };
  const replace = (f) => JSON.stringify(f, null, 2).replace(/\n/g, '\n    ');
  const slice = (f) => {
    const s = JSON.stringify([[f]], null, 2);
    return s.slice(start, s.length - end);
  };
  if (replace(result.files[0]) !== slice(result.files[0])) throw new Error('the two pieces differ');
  for (let i = 0; i < 3; i++) console.log(`replace ${pass(replace)}, slice ${pass(slice)} (${result.files.length} files)`);
} else if (what === 'hash') {
  const strings = Array.from({ length: 50_000 }, (_, i) => `unused-import\u0000Lib/some/path${i % 300}.py\u0000import os, sys  # comment ${i}\u0000${i % 3}`);
  for (let i = 0; i < 3; i++) {
    let t = performance.now();
    for (const s of strings) crypto.createHash('sha1').update(s).digest('hex');
    const object = ms(t);
    t = performance.now();
    for (const s of strings) crypto.hash('sha1', s, 'hex');
    console.log(`createHash ${object}, crypto.hash ${ms(t)} per 50,000 strings`);
  }
} else if (what === 'regex') {
  const { regexMatcher, compileRe2 } = await import(join(ROOT, 'dist', 'yaml-rules', 'matchers', 'regex.js'));
  const { RE2JS } = createRequire(join(ROOT, 'package.json'))('re2js');
  const patterns = new Set();
  const packs = readdirSync(join(ROOT, 'rules'), { recursive: true }).filter((p) => /\.ya?ml$/.test(p));
  for (const pack of packs)
    for (const m of readFileSync(join(ROOT, 'rules', pack), 'utf8').matchAll(/^\s*(?:- )?(?:pattern-)?regex: '((?:[^']|'')*)'/gm))
      patterns.add(m[1].replace(/''/g, "'"));
  const texts = (corpora.length ? corpora : ['/usr/lib/python3.11']).flatMap((d) => files(d)).map((p) => readFileSync(p, 'utf8'));
  let differences = 0;
  for (const pattern of patterns) {
    const matcher = regexMatcher(pattern, ['python']);
    const re = compileRe2(pattern, RE2JS.MULTILINE);
    let nfa = 0;
    let ours = 0;
    let matching = 0;
    for (const text of texts) {
      const file = { text, path: 'x', lines: text.split('\n'), language: 'python' };
      let t = performance.now();
      const found = [];
      const m = re.matcher(text);
      for (let from = 0; found.length < 1000 && from <= text.length && m.find(from); ) {
        const [s, e] = [m.start(), m.end()];
        from = e > s ? e : e + 1;
        if (e > s) found.push(`${s}:${e}`);
      }
      nfa += performance.now() - t;
      t = performance.now();
      const got = matcher.find(file).map((x) => `${x.start}:${x.end}`);
      ours += performance.now() - t;
      if (found.length) matching++;
      if (got.join() !== found.join()) differences++;
    }
    console.log(`${pattern.slice(0, 48).padEnd(48)} files matching ${String(matching).padStart(5)}  NFA alone ${nfa.toFixed(0).padStart(5)} ms  regexMatcher ${ours.toFixed(0).padStart(5)} ms`);
  }
  console.log(`${patterns.size} patterns × ${texts.length} files: ${differences} differences`);
  if (differences) process.exitCode = 1;
} else {
  console.error('usage: node bench/speed/io-micro.mjs write|pieces|hash|regex [--report FILE] [--corpus DIR ...]');
  process.exitCode = 2;
}
