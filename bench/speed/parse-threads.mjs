#!/usr/bin/env node
// Does toasty's Python parse (native/python-flat: tree-sitter and the flat table, in C) slow down
// when two threads parse at once? (issue 19, thirteenth session) Every `.py` file of a corpus is read
// into memory, then parsed: once on this thread alone, then split between two worker threads that
// parse their halves at the same time. Each parses its files once to warm up, then is timed. If the
// two halves together take about what one thread took for all, the parse itself scales across the
// cores, and what a second grading lane costs beyond it is elsewhere (the second V8 isolate).
//
//   npm run build && node bench/speed/parse-threads.mjs <dir> [rounds]
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { flatParser } from '../../dist/languages/python/flat-parse.js';

function pythonFiles(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) pythonFiles(path, out);
    else if (entry.isFile() && entry.name.endsWith('.py')) out.push(path);
  }
  return out;
}

/** Parses every `of`-th text from `part` (warm-up pass, then the timed one); ms of the timed pass. */
function parseShare(texts, part, of) {
  const parser = flatParser();
  if (!parser) throw new Error('native/python-flat is not built (npm run build)');
  const pass = () => {
    for (let i = part; i < texts.length; i += of) parser.parse(texts[i]);
  };
  pass();
  const start = process.hrtime.bigint();
  pass();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

if (isMainThread) {
  const [dir, rounds = '3'] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node bench/speed/parse-threads.mjs <dir> [rounds]');
    process.exit(2);
  }
  const files = pythonFiles(dir).sort();
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const bytes = texts.reduce((n, t) => n + t.length, 0);
  console.log(`${files.length} files, ${(bytes / 1e6).toFixed(1)} MB of ${dir}`);
  for (let r = 0; r < Number(rounds); r++) {
    const alone = parseShare(texts, 0, 1);
    const halves = await Promise.all(
      [0, 1].map(
        (part) =>
          new Promise((resolve, reject) => {
            const worker = new Worker(new URL(import.meta.url), { workerData: { texts, part } });
            worker.once('message', resolve);
            worker.once('error', reject);
          }),
      ),
    );
    const sum = halves[0] + halves[1];
    console.log(
      `one thread, all files: ${alone.toFixed(0)} ms | two threads at once: ${halves.map((h) => h.toFixed(0)).join(' + ')} = ${sum.toFixed(0)} ms (${(sum / alone).toFixed(2)}× the thread alone), slower half ${Math.max(...halves).toFixed(0)} ms`,
    );
  }
} else {
  parentPort.postMessage(parseShare(workerData.texts, workerData.part, 2));
}
