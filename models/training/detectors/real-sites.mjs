// Dumps the changed site of each mined real fix, buggy and fixed version, in dump-sites.mjs's row format
// ({r, w, a, b}) plus the pair's identity, for fine-tuning on real fixes (finetune.py) and for scoring held-out
// real pairs with a PyTorch model. Needs `npm run build`.
//   node models/training/detectors/real-sites.mjs OUT.jsonl FIXES.jsonl [...]
import { createWriteStream } from 'node:fs';
import { changedSites, projectOf, readRecords } from './real-pairs.mjs';

const [output, ...inputs] = process.argv.slice(2);
const out = createWriteStream(output);
const row = (s) => {
  const b = s.bags.map((bag) => {
    let n = bag.length;
    while (n > 0 && bag[n - 1] === 0) n--;
    return bag.slice(0, n);
  });
  return { r: s.rule, w: s.written, a: s.alternatives, b, ...(s.swap ? { g: s.swap } : {}) };
};
let n = 0;
let atSite = 0;
for (const r of readRecords(inputs)) {
  n++;
  const c = await changedSites(r);
  if (!c) continue;
  atSite++;
  const id = { project: projectOf(r), commit: r.commit, path: r.path, line: r.line, rule: r.kind, lang: c.lang, old: r.old.slice(0, 120), new: r.new.slice(0, 120) };
  out.write(JSON.stringify({ ...id, buggy: row(c.buggy), fixed: row(c.fixed) }) + '\n');
}
out.end();
console.error(`${n} records, ${atSite} at a candidate site`);
