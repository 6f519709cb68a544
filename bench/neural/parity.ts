/**
 * Tokenizer parity on every held-out file: ids from src/neural/tokenizer.ts vs the Python
 * sentencepiece reference (bench/out/parity-ids.json, written by models/training/parity.py).
 * Usage: npx tsc -p bench/neural && node bench/out/neural-build/bench/neural/parity.js
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '../../src/neural/tokenizer.js';
import { ROOT, readSource } from './common.js';

interface Ref {
  path: string;
  language: string;
  ids: number[];
}

const refs = JSON.parse(readFileSync(join(ROOT, 'bench/out/parity-ids.json'), 'utf8')) as Ref[];
const tok = Tokenizer.fromFile(join(ROOT, 'models/toasty-rtd-small.vocab.json'));
let total = 0;
let mismatched = 0;
const texts = refs.map((r) => readSource(r.path));
const t0 = performance.now();
refs.forEach((r, k) => {
  const { ids } = tok.encodeText(texts[k]!, r.language);
  total += r.ids.length;
  const same = ids.length === r.ids.length && ids.every((v, i) => v === r.ids[i]);
  if (!same) {
    mismatched++;
    const at = ids.findIndex((v, i) => v !== r.ids[i]);
    console.log(`MISMATCH ${r.path} at piece ${at}: ts ${ids.slice(at, at + 5).join(',')} py ${r.ids.slice(at, at + 5).join(',')}`);
  }
});
const ms = performance.now() - t0;
// a second pass measures the steady state (BPE cache warm)
const t1 = performance.now();
let n = 0;
refs.forEach((r, k) => (n += tok.encodeText(texts[k]!, r.language).ids.length));
const warm = performance.now() - t1;
const result = { files: refs.length, pieces: total, mismatchedFiles: mismatched, coldTokensPerSec: Math.round(total / (ms / 1000)), warmTokensPerSec: Math.round(n / (warm / 1000)) };
console.log(JSON.stringify(result));
writeFileSync(join(ROOT, 'bench/out/parity.json'), JSON.stringify(result, null, 1));
process.exitCode = mismatched ? 1 : 0;
