// Runs the real front-ends and the runtime's wrong-variable site extraction
// (src/neural/detectors/varmisuse-sites.ts, built into dist/) over the corpus.
//   node models/training/detectors/dump-varmisuse.mjs <files.jsonl> <out.jsonl> [shard] [shards] [trainCap]
// One JSON line per site: {f: file index, l: 1-based line, w: written, a: alternatives, r: role,
// c: context bag, n: name bags (written first), x: cross bags} (bags without trailing padding).
// Files of the train split keep at most trainCap sites each (default 16, evenly spaced); calib and
// test files keep every site (their false-finding rate needs all of them).
import { createWriteStream, readFileSync } from 'node:fs';
import { loadAdapter } from '../../../dist/languages/registry.js';
import { extractVarSites } from '../../../dist/neural/detectors/varmisuse-sites.js';

const [input, output, shardArg = '0', shardsArg = '1', capArg = '16'] = process.argv.slice(2);
const shard = Number(shardArg);
const shards = Number(shardsArg);
const cap = Number(capArg);
const files = readFileSync(input, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const out = createWriteStream(output);
const started = Date.now();
let sites = 0;
let failed = 0;
const trim = (b) => {
  let n = b.length;
  while (n > 0 && b[n - 1] === 0) n--;
  return b.slice(0, n);
};
for (let f = shard; f < files.length; f += shards) {
  const row = files[f];
  const language = row.language === 'python' ? 'python' : /\.[mc]?ts$/.test(row.path) ? 'typescript' : 'javascript';
  let model;
  try {
    const adapter = await loadAdapter(language);
    model = adapter.parse(row.path, readFileSync(row.path, 'utf8'), language);
  } catch {
    failed++;
    continue;
  }
  let found;
  try {
    found = extractVarSites(model);
  } catch {
    failed++;
    continue;
  }
  if (row.split === 'train' && found.length > cap) {
    const step = found.length / cap;
    found = Array.from({ length: cap }, (_, k) => found[Math.floor(k * step)]);
  }
  const starts = [0];
  for (let i = model.text.indexOf('\n'); i >= 0; i = model.text.indexOf('\n', i + 1)) starts.push(i + 1);
  for (const s of found) {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= s.start) lo = mid;
      else hi = mid - 1;
    }
    const line = { f, l: lo + 1, w: s.written, a: s.alternatives, r: s.role, c: trim(s.context), n: s.names.map(trim), x: s.cross.map(trim) };
    if (!out.write(JSON.stringify(line) + '\n')) await new Promise((resolve) => out.once('drain', resolve));
    sites++;
  }
  if ((f - shard) % (shards * 2000) === 0) console.error(`${f}/${files.length} files, ${sites} sites, ${failed} failed, ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
out.end();
console.error(`done: ${sites} sites, ${failed} failed, ${((Date.now() - started) / 1000).toFixed(0)} s`);
