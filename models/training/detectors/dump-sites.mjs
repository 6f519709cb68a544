// Runs the real front-ends and the runtime's site extraction (src/neural/detectors/sites.ts, built
// into dist/) over the corpus, so training reads exactly the sites and feature ids grading sees.
//   node models/training/detectors/dump-sites.mjs <files.jsonl> <out.jsonl> [shard] [shards]
// Writes one JSON line per site: {f: file index in files.jsonl, r: rule, w: written, a: alternatives,
// b: the 4 feature bags (trailing padding dropped), l: 1-based line, g: swapped-arguments' gate evidence
// (SwapFacts, not a model feature)}; and <out>.pairs.json (pair ids).
// DUMP_RULES=swapped-arguments (comma list) dumps those rules only; DUMP_HELD_OUT=1 stops after the
// last calib/test file (order3.jsonl lists them first): the gate's calibration needs nothing else.
import { writeFileSync } from 'node:fs';
import { DETECTOR_RULES, extractSites, groupsOf, pairId, SITES_VERSION } from '../../../dist/neural/detectors/sites.js';
import { jsonlWriter, lineAt, lineStarts, parseRow, progress, readRows, trimBag } from '../corpus-rows.mjs';

const [input, output, shardArg = '0', shardsArg = '1'] = process.argv.slice(2);
const shard = Number(shardArg);
const shards = Number(shardsArg);
const files = readRows(input);
const rules = process.env.DUMP_RULES ? new Set(process.env.DUMP_RULES.split(',')) : new Set(DETECTOR_RULES);
const lastFile = process.env.DUMP_HELD_OUT === '1' ? Math.max(...files.map((r, i) => (r.split === 'train' ? -1 : i))) : files.length - 1;
const out = jsonlWriter(output);
const report = progress(files.length, shard, shards);
let sites = 0;
let failed = 0;
for (let f = shard; f <= lastFile; f += shards) {
  const model = await parseRow(files[f]);
  if (!model) {
    failed++;
    continue;
  }
  const starts = lineStarts(model.text);
  for (const s of extractSites(model, rules)) {
    await out.write({ f, r: s.rule, w: s.written, a: s.alternatives, b: s.bags.map(trimBag), l: lineAt(starts, s.start), ...(s.swap ? { g: s.swap } : {}) });
    sites++;
  }
  report.file(f, sites, failed);
}
out.end();
const pairs = { __sitesVersion: SITES_VERSION };
for (const language of ['python', 'javascript']) {
  for (const rule of DETECTOR_RULES) {
    for (const g of groupsOf(rule, language) ?? []) for (const a of g) for (const b of g) if (a !== b) pairs[`${rule}|${language}|${a}|${b}`] = pairId(rule, language, a, b);
  }
  pairs[`swapped-arguments|${language}|swap`] = pairId('swapped-arguments', language, '', '');
}
writeFileSync(`${output}.pairs.json`, JSON.stringify(pairs, null, 1));
report.done(sites, failed);
