/**
 * Throughput of the shipped pipeline (lex + tokenize + windows + int8 model) on the held-out test
 * split, in pieces ("tokens") per second, model load excluded:
 *   1 thread            one session, intraOpNumThreads 1 (what each toasty worker uses)
 *   1 session, 2 threads  one session, intraOpNumThreads 2
 *   2 workers           two worker_threads with one single-thread session each (`--jobs 2`)
 * and the effect of batching windows (batchSize 1 vs 4).
 *
 * Usage: npx tsc -p bench/neural && node bench/out/neural-build/bench/neural/throughput.js
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { lex, lexLanguage } from '../../src/neural/lexer.js';
import { resolveModelPath } from '../../src/neural/manifest.js';
import { scorePreTokens } from '../../src/neural/score.js';
import { getModel, type LoadedModel } from '../../src/neural/session.js';
import { ROOT, corpusManifest, readSource } from './common.js';

interface Src {
  path: string;
  language: string;
  text: string;
}

function testFiles(): Src[] {
  const corpus = corpusManifest();
  return corpus.filter((m) => m.split === 'test').map((m) => ({ path: m.path, language: m.language, text: readSource(m.path) }));
}

async function scoreAll(model: LoadedModel, files: readonly Src[], batchSize = 1): Promise<number> {
  let pieces = 0;
  for (const f of files) pieces += (await scorePreTokens(model, lex(f.text, lexLanguage(f.language)), { batchSize, language: lexLanguage(f.language) })).pieces;
  return pieces;
}

async function timed(model: LoadedModel, files: readonly Src[], batchSize = 1): Promise<{ pieces: number; seconds: number; tokensPerSec: number }> {
  await scoreAll(model, files.slice(0, 3), batchSize); // warm-up
  const t0 = performance.now();
  const pieces = await scoreAll(model, files, batchSize);
  const seconds = (performance.now() - t0) / 1000;
  return { pieces, seconds: Math.round(seconds * 100) / 100, tokensPerSec: Math.round(pieces / seconds) };
}

if (!isMainThread) {
  const { files } = workerData as { files: Src[] };
  const model = await getModel(join(ROOT, 'models'));
  await scoreAll(model, files.slice(0, 2));
  parentPort!.postMessage({ ready: true });
  parentPort!.once('message', async () => {
    const pieces = await scoreAll(model, files);
    parentPort!.postMessage({ pieces });
  });
} else {
  const files = testFiles();
  const model = await getModel(join(ROOT, 'models'));
  const result: Record<string, unknown> = { loadMs: Math.round(model.loadMs), files: files.length };
  result.oneThread = await timed(model, files);
  result.oneThreadBatch4 = await timed(model, files, 4);
  const two = await model.ort.InferenceSession.create(resolveModelPath(model.dir, model.manifest.model), { intraOpNumThreads: 2, interOpNumThreads: 1 });
  result.oneSessionTwoThreads = await timed({ ...model, session: two }, files);
  // two workers, files dealt alternately by size
  const sorted = [...files].sort((a, b) => b.text.length - a.text.length);
  const halves: Src[][] = [[], []];
  sorted.forEach((f, i) => halves[i % 2]!.push(f));
  const workers = halves.map((h) => new Worker(new URL(import.meta.url), { workerData: { files: h } }));
  await Promise.all(workers.map((w) => new Promise((res) => w.once('message', res))));
  const t0 = performance.now();
  const counts = await Promise.all(
    workers.map(
      (w) =>
        new Promise<number>((res) => {
          w.once('message', (m: { pieces: number }) => res(m.pieces));
          w.postMessage('go');
        }),
    ),
  );
  const seconds = (performance.now() - t0) / 1000;
  const pieces = counts.reduce((a, b) => a + b, 0);
  result.twoWorkers = { pieces, seconds: Math.round(seconds * 100) / 100, tokensPerSec: Math.round(pieces / seconds) };
  await Promise.all(workers.map((w) => w.terminate()));
  result.rssMb = Math.round(process.memoryUsage().rss / 1e6);
  console.log(JSON.stringify(result, null, 1));
  writeFileSync(join(ROOT, 'bench/out/throughput.json'), JSON.stringify(result, null, 1));
}
