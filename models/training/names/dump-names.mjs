// Runs the real front-ends and the runtime's name-site extraction (src/neural/names/features.ts,
// built into dist/) over the corpus, so training reads exactly the features grading sees.
//   node models/training/names/dump-names.mjs <files.jsonl> <out.jsonl> [shard] [shards] [trainEvery]
// Writes one JSON line per function-scope parameter / variable: {f: file index, n: name, k: kind,
// loc: lines of its function, ids: hashed features (padding dropped)}. Train-split files are read
// one in `trainEvery` (default 1) to bound the run time; calib and test files are all read.
import { nameSites, NAMES_VERSION } from '../../../dist/neural/names/features.js';
import { jsonlWriter, parseRow, progress, readRows, trimBag } from '../corpus-rows.mjs';

const [input, output, shardArg = '0', shardsArg = '1', everyArg = '1'] = process.argv.slice(2);
const shard = Number(shardArg);
const shards = Number(shardsArg);
const every = Number(everyArg);
const files = readRows(input);
const out = jsonlWriter(output);
await out.write({ namesVersion: NAMES_VERSION });
const report = progress(files.length, shard, shards);
let sites = 0;
let failed = 0;
for (let f = shard; f < files.length; f += shards) {
  const row = files[f];
  if (row.split === 'train' && Math.floor(f / shards) % every !== 0) continue;
  const model = await parseRow(row);
  let list;
  try {
    if (!model) throw new Error('unparsed');
    list = nameSites(model);
  } catch {
    failed++;
    continue;
  }
  for (const s of list) {
    await out.write({ f, n: s.binding.name, k: s.binding.kind, loc: s.function.metrics.loc, ids: trimBag(s.ids) });
    sites++;
  }
  report.file(f, sites, failed);
}
out.end();
report.done(sites, failed);
