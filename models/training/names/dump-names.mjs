// Runs the real front-ends and the runtime's name-site extraction (src/neural/names/features.ts,
// built into dist/) over the corpus, so training reads exactly the features grading sees.
//   node models/training/names/dump-names.mjs <files.jsonl> <out.jsonl> [shard] [shards] [trainEvery]
// Writes one JSON line per function-scope parameter / variable: {f: file index, n: name, k: kind,
// loc: lines of its function, ids: hashed features (padding dropped)}. Train-split files are read
// one in `trainEvery` (default 1) to bound the run time; calib and test files are all read.
import { createWriteStream, readFileSync } from 'node:fs';
import { loadAdapter } from '../../../dist/languages/registry.js';
import { nameSites, NAMES_VERSION } from '../../../dist/neural/names/features.js';

const [input, output, shardArg = '0', shardsArg = '1', everyArg = '1'] = process.argv.slice(2);
const shard = Number(shardArg);
const shards = Number(shardsArg);
const every = Number(everyArg);
const files = readFileSync(input, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const out = createWriteStream(output);
out.write(JSON.stringify({ namesVersion: NAMES_VERSION }) + '\n');
const started = Date.now();
let sites = 0;
let failed = 0;
for (let f = shard; f < files.length; f += shards) {
  const row = files[f];
  if (row.split === 'train' && Math.floor(f / shards) % every !== 0) continue;
  const language = row.language === 'python' ? 'python' : /\.[mc]?ts$/.test(row.path) ? 'typescript' : 'javascript';
  let model;
  try {
    const adapter = await loadAdapter(language);
    model = adapter.parse(row.path, readFileSync(row.path, 'utf8'), language);
  } catch {
    failed++;
    continue;
  }
  let list;
  try {
    list = nameSites(model);
  } catch {
    failed++;
    continue;
  }
  for (const s of list) {
    let n = s.ids.length;
    while (n > 0 && s.ids[n - 1] === 0) n--;
    const line = { f, n: s.binding.name, k: s.binding.kind, loc: s.function.metrics.loc, ids: s.ids.slice(0, n) };
    if (!out.write(JSON.stringify(line) + '\n')) await new Promise((resolve) => out.once('drain', resolve));
    sites++;
  }
  if ((f - shard) % (shards * 2000) === 0) console.error(`${f}/${files.length} files, ${sites} sites, ${failed} failed, ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
out.end();
console.error(`done: ${sites} sites, ${failed} failed, ${((Date.now() - started) / 1000).toFixed(0)} s`);
