/**
 * Copies the headline benchmark figures (bench/out/*.json) into models/manifest.json `metrics`,
 * where `toasty model info` reads them. Run after auc, planted, throughput and walltime.
 *
 * Usage: node bench/out/neural-build/bench/neural/update-manifest.js
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './common.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const read = (name: string): Json | null => {
  const p = join(ROOT, 'bench/out', name);
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as Json) : null;
};

const manifestPath = join(ROOT, 'models/manifest.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Json;
const metrics: Json = {};
const auc = read('auc.json');
const fp32 = JSON.parse(readFileSync(join(ROOT, 'models/training/results/eval.json'), 'utf8')) as Json;
if (auc) {
  metrics['held-out RTD token AUC (int8)'] = Object.fromEntries(['python', 'javascript'].map((l) => [l, auc[l]?.tokenAuc]));
}
metrics['held-out RTD AUC (fp32, piece / token)'] = Object.fromEntries(
  ['python', 'javascript'].map((l) => [l, `${fp32.test[l].piece_auc} / ${fp32.test[l].token_auc}`]),
);
const planted = read('planted.json');
if (planted) {
  for (const l of ['python', 'javascript', 'typescript']) {
    const p = planted[l];
    if (!p) continue;
    metrics[`planted bugs ${l}`] = {
      variants: p.variants,
      'top-1 line in function %': p.top1FunctionPct,
      'same, before mutating (position prior) %': p.top1SameLineBeforeMutationPct,
      'mutated more suspicious %': p.moreSuspiciousPct,
      'mutated token above original token %': p.tokenMoreSuspiciousPct,
      'flagged at threshold %': p.flaggedPct,
      'false findings / 100 lines': p.falseFindingsPer100Lines,
    };
  }
}
const tp = read('throughput.json');
if (tp) metrics['throughput tokens/s'] = { '1 thread': tp.oneThread.tokensPerSec, '2 workers': tp.twoWorkers.tokensPerSec };
const wt = read('walltime.json');
if (wt) metrics['200-line file, wall ms incl. load'] = Object.fromEntries(Object.values(wt).map((v: Json) => [`${v.language} (${v.lines} lines)`, v.medianWallMs]));
manifest.metrics = metrics;
writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(JSON.stringify(metrics, null, 1));
