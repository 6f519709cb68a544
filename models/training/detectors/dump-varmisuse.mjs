// Runs the real front-ends and the runtime's wrong-variable site extraction
// (src/neural/detectors/varmisuse-sites.ts, built into dist/) over the corpus.
//   node models/training/detectors/dump-varmisuse.mjs <files.jsonl> <out.jsonl> [shard] [shards] [trainCap]
// One JSON line per site: {f: file index, l: 1-based line, w: written, a: alternatives, r: role,
// c: context bag, n: name bags (written first), x: cross bags} (bags without trailing padding).
// Files of the train split keep at most trainCap sites each (default 16, evenly spaced); calib and
// test files keep every site (their false-finding rate needs all of them).
import { extractVarSites } from '../../../dist/neural/detectors/varmisuse-sites.js';
import { jsonlWriter, lineAt, lineStarts, parseRow, progress, readRows, trimBag } from '../corpus-rows.mjs';

const [input, output, shardArg = '0', shardsArg = '1', capArg = '16'] = process.argv.slice(2);
const shard = Number(shardArg);
const shards = Number(shardsArg);
const cap = Number(capArg);
const files = readRows(input);
const out = jsonlWriter(output);
const report = progress(files.length, shard, shards);
let sites = 0;
let failed = 0;
for (let f = shard; f < files.length; f += shards) {
  const row = files[f];
  const model = await parseRow(row);
  let found;
  try {
    if (!model) throw new Error('unparsed');
    found = extractVarSites(model);
  } catch {
    failed++;
    continue;
  }
  if (row.split === 'train' && found.length > cap) {
    const step = found.length / cap;
    found = Array.from({ length: cap }, (_, k) => found[Math.floor(k * step)]);
  }
  const starts = lineStarts(model.text);
  for (const s of found) {
    await out.write({ f, l: lineAt(starts, s.start), w: s.written, a: s.alternatives, r: s.role, c: trimBag(s.context), n: s.names.map(trimBag), x: s.cross.map(trimBag) });
    sites++;
  }
  report.file(f, sites, failed);
}
out.end();
report.done(sites, failed);
