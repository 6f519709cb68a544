// Checks the exported names model against PyTorch: runs models/toasty-names.onnx (through the runtime's
// own loader) on the rows export.py wrote to <run>/check.json and compares the probabilities.
//   npm run build && node models/training/names/check-onnx.mjs <run dir> [models dir]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getNamer } from '../../../dist/neural/names/suggest.js';

const [run, dir = 'models'] = process.argv.slice(2);
const check = JSON.parse(readFileSync(join(run, 'check.json'), 'utf8'));
const namer = await getNamer(resolve(dir));
const rows = check.ids.length;
const bag = check.ids[0].length;
const ids = new BigInt64Array(rows * bag);
check.ids.forEach((row, r) => row.forEach((id, j) => (ids[r * bag + j] = BigInt(id))));
const out = await namer.session.run({ ids: new namer.ort.Tensor('int64', ids, [rows, bag]) });
const probs = out.probs.data;
const v = namer.manifest.vocab.length;
let worst = 0;
let sameTop = 0;
for (let r = 0; r < rows; r++) {
  const want = check.probs[r];
  let best = 0;
  let bestWant = 0;
  for (let k = 0; k < v; k++) {
    worst = Math.max(worst, Math.abs(probs[r * v + k] - want[k]));
    if (probs[r * v + k] > probs[r * v + best]) best = k;
    if (want[k] > want[bestWant]) bestWant = k;
  }
  sameTop += best === bestWant;
}
console.log(JSON.stringify({ rows, vocab: v, maxAbsDiff: +worst.toExponential(2), sameTop1: `${sameTop}/${rows}` }));
if (worst > 2e-3) process.exit(1);
