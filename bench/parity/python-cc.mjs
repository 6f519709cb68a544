#!/usr/bin/env node
// Cyclomatic-only parity check against a saved `radon cc -s -j` JSON, for any corpus:
//   radon cc -s -j -e "*/tests/*,*/test/*" /usr/lib/python3/dist-packages > /tmp/dp_cc.json
//   node bench/parity/python-cc.mjs /tmp/dp_cc.json
import fs from 'node:fs';
import { pythonAdapter } from '../../dist/languages/python/index.js';

const cc = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
let total = 0, same = 0, radonErrors = 0;
const diffs = [];
const parseErrors = [];
for (const [file, blocks] of Object.entries(cc)) {
  if (!Array.isArray(blocks)) {
    radonErrors++;
    continue;
  }
  const model = pythonAdapter.parse(file, fs.readFileSync(file, 'utf8'), 'python');
  if (!model.parsed) parseErrors.push(`${file}:${model.problems[0]?.line}`);
  const mine = new Map();
  for (const f of model.functions) if (f.kind !== 'lambda') mine.set(`${f.span.line}:${f.name}`, f);
  const stack = [...blocks];
  const seen = new Set();
  while (stack.length) {
    const b = stack.pop();
    if (b.type === 'class') {
      stack.push(...(b.methods ?? []));
      continue;
    }
    stack.push(...(b.closures ?? []));
    const key = `${b.lineno}:${b.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    total++;
    const m = mine.get(key);
    if (m && m.metrics.cyclomatic === b.complexity) same++;
    else diffs.push(`${file}:${b.lineno} ${b.name}: radon ${b.complexity}, toasty ${m ? m.metrics.cyclomatic : '(not found)'}`);
  }
}
console.log(JSON.stringify({ functions: total, exact: same, pct: ((100 * same) / (total || 1)).toFixed(3), radonErrors, toastyParseErrors: parseErrors }, null, 2));
for (const d of diffs) console.log(d);
