// Runs the real front-ends and the runtime's site extraction (src/neural/detectors/sites.ts, built
// into dist/) over the corpus, so training reads exactly the sites and feature ids grading sees.
//   node models/training/detectors/dump-sites.mjs <files.jsonl> <out.jsonl> [shard] [shards]
// Writes one JSON line per site: {f: file index in files.jsonl, r: rule, w: written, a: alternatives,
// b: the 4 feature bags (trailing padding dropped), l: 1-based line, g: swapped-arguments' gate evidence
// (SwapFacts, not a model feature)}; and <out>.pairs.json (pair ids).
// DUMP_RULES=swapped-arguments (comma list) dumps those rules only; DUMP_HELD_OUT=1 stops after the
// last calib/test file (order3.jsonl lists them first): the gate's calibration needs nothing else.
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { loadAdapter } from '../../../dist/languages/registry.js';
import { DETECTOR_RULES, extractSites, groupsOf, pairId, SITES_VERSION } from '../../../dist/neural/detectors/sites.js';

const [input, output, shardArg = '0', shardsArg = '1'] = process.argv.slice(2);
const shard = Number(shardArg);
const shards = Number(shardsArg);
const files = readFileSync(input, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const rules = process.env.DUMP_RULES ? new Set(process.env.DUMP_RULES.split(',')) : new Set(DETECTOR_RULES);
const lastFile = process.env.DUMP_HELD_OUT === '1' ? Math.max(...files.map((r, i) => (r.split === 'train' ? -1 : i))) : files.length - 1;
const out = createWriteStream(output);
const started = Date.now();
let sites = 0;
let failed = 0;
for (let f = shard; f <= lastFile; f += shards) {
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
  const starts = [0];
  for (let i = model.text.indexOf('\n'); i >= 0; i = model.text.indexOf('\n', i + 1)) starts.push(i + 1);
  for (const s of extractSites(model, rules)) {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= s.start) lo = mid;
      else hi = mid - 1;
    }
    const bags = s.bags.map((b) => {
      let n = b.length;
      while (n > 0 && b[n - 1] === 0) n--;
      return b.slice(0, n);
    });
    if (!out.write(JSON.stringify({ f, r: s.rule, w: s.written, a: s.alternatives, b: bags, l: lo + 1, ...(s.swap ? { g: s.swap } : {}) }) + '\n')) {
      await new Promise((resolve) => out.once('drain', resolve));
    }
    sites++;
  }
  if ((f - shard) % (shards * 2000) === 0) console.error(`${f}/${files.length} files, ${sites} sites, ${failed} failed, ${((Date.now() - started) / 1000).toFixed(0)} s`);
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
console.error(`done: ${sites} sites, ${failed} failed, ${((Date.now() - started) / 1000).toFixed(0)} s`);
