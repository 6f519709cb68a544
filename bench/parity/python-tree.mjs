#!/usr/bin/env node
// The Python front-end's converted tree against an earlier build's, node by node (issue 19): for every
// .py file under the given paths, both builds' `parsePython` must give the same problems and, for each
// node in pre-order, the same type, named, field, start, end, rows, columns, missing flag and number of
// children. A change to the conversion (parse.ts) that keeps this at 0 differences keeps every metric,
// finding and parity figure that is computed from the tree.
//
//   npm run build && node bench/parity/python-tree.mjs --before <built checkout> [path ...]
//
// Default paths: the Python standard library. Prints each differing file (the first node that
// differs) and a summary; exit 1 when anything differs.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const argv = process.argv.slice(2);
const at = argv.indexOf('--before');
if (at < 0 || !argv[at + 1]) {
  console.error('usage: node bench/parity/python-tree.mjs --before <built checkout> [path ...]');
  process.exit(2);
}
const before = resolve(argv[at + 1]);
const paths = argv.filter((_, i) => i !== at && i !== at + 1);
const ROOT = resolve(import.meta.dirname, '..', '..');
const oldP = await import(join(before, 'dist', 'languages', 'python', 'parse.js'));
const newP = await import(join(ROOT, 'dist', 'languages', 'python', 'parse.js'));
const FIELDS = ['type', 'named', 'field', 'start', 'end', 'startRow', 'startCol', 'endRow', 'endCol', 'missing'];

function* pyFiles(path) {
  if (!statSync(path).isDirectory()) yield path;
  else for (const f of readdirSync(path, { recursive: true }).map(String)) if (f.endsWith('.py')) yield join(path, f);
}

let files = 0;
let nodes = 0;
let differing = 0;
let withErrors = 0;
for (const path of paths.length ? paths : ['/usr/lib/python3.11']) {
  for (const file of pyFiles(path)) {
    let text;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    // As parsePythonFile gives it to the parser: no BOM, universal newlines.
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.includes('\r')) text = text.replace(/\r(?!\n)/g, '\n');
    const a = oldP.parsePython(text);
    const b = newP.parsePython(text);
    files++;
    if (a.hasError) withErrors++;
    let diff = a.hasError !== b.hasError || JSON.stringify(a.problems) !== JSON.stringify(b.problems) ? 'problems differ' : '';
    const sa = [a.root];
    const sb = [b.root];
    while (!diff && sa.length) {
      const x = sa.pop();
      const y = sb.pop();
      nodes++;
      const keys = FIELDS.filter((k) => x[k] !== y[k]);
      if (x.children.length !== y.children.length) keys.push('children');
      if ((x.parent === null) !== (y.parent === null)) keys.push('parent');
      if (keys.length) diff = `${x.type} at ${x.start}: ` + keys.map((k) => `${k} ${x[k]} vs ${y[k]}`).join(', ');
      for (let i = x.children.length - 1; i >= 0; i--) {
        sa.push(x.children[i]);
        sb.push(y.children[i]);
      }
    }
    if (diff) {
      differing++;
      console.log(`${file}: ${diff}`);
    }
  }
}
console.log(`${files} files (${withErrors} with syntax errors), ${nodes} nodes compared, ${differing} file(s) differ`);
process.exitCode = differing ? 1 : 0;
