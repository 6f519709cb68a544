/**
 * Held-out RTD AUC of the shipped pipeline (TS tokenizer, windowing, int8 ONNX model) on the
 * corrupted test split written by models/training/evalset.py (bench/out/rtd-eval.json).
 *
 * AUC is over scorable pre-tokens (identifiers, keywords, numbers, operators): a token's score is
 * the highest RTD probability among its pieces, in the window that owns it; positives are the
 * corrupted tokens. Also per corruption type (that type's corrupted tokens vs all clean tokens).
 *
 * Usage: npx tsc -p bench/neural && node bench/out/neural-build/bench/neural/auc.js
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { candidatesFor, KEYWORDS } from '../../src/neural/candidates.js';
import { lexLanguage, type LexLanguage, type PreToken, type PreTokenKind } from '../../src/neural/lexer.js';
import { scorePreTokens } from '../../src/neural/score.js';
import { getModel } from '../../src/neural/session.js';
import { auc, ROOT } from './common.js';

interface EvalFile {
  path: string;
  language: string;
  texts: string[];
  kinds: PreTokenKind[];
  labels: number[];
  types: string[];
}

const SCORABLE = new Set(['id', 'num', 'op']);
const files = JSON.parse(readFileSync(join(ROOT, 'bench/out/rtd-eval.json'), 'utf8')) as EvalFile[];
const model = await getModel(join(ROOT, 'models'));
const acc = new Map<string, { s: number[]; adj: number[]; l: number[]; t: string[]; orig: string[]; k: string[] }>();
const t0 = performance.now();
let pieces = 0;
for (const f of files) {
  const pre: PreToken[] = f.texts.map((text, i) => ({ text, kind: f.kinds[i]!, start: i, end: i + 1 }));
  const scored = await scorePreTokens(model, pre, { language: lexLanguage(f.language) });
  pieces += scored.pieces;
  const a = acc.get(f.language) ?? { s: [], adj: [], l: [], t: [], orig: [], k: [] };
  acc.set(f.language, a);
  pre.forEach((p, i) => {
    if (!SCORABLE.has(p.kind)) return;
    a.s.push(scored.scores[i]!.prob);
    a.adj.push(scored.scores[i]!.score);
    a.l.push(f.labels[i]!);
    a.t.push(f.types[i]!);
    a.orig.push(p.text);
    a.k.push(p.kind);
  });
}
const seconds = (performance.now() - t0) / 1000;
const result: Record<string, unknown> = {};
for (const [lang, a] of acc) {
  const byType: Record<string, number> = {};
  const byTypeSameClass: Record<string, number> = {};
  const byTypeSameClassAdjusted: Record<string, number> = {};
  const lx = lexLanguage(lang);
  for (const typ of ['id', 'op', 'num', 'swap', 'random']) {
    const idx = a.l.map((_, i) => i).filter((i) => a.l[i] === 0 || a.t[i] === typ);
    if (!idx.some((i) => a.l[i] === 1)) continue;
    byType[typ] = round4(auc(idx.map((i) => a.s[i]!), idx.map((i) => a.l[i]!)));
    // the same corrupted tokens against clean tokens that this corruption could have hit (removes the token-identity prior)
    const same = idx.filter((i) => a.l[i] === 1 || eligible(typ, a.orig[i]!, a.k[i]!, lx));
    byTypeSameClass[typ] = round4(auc(same.map((i) => a.s[i]!), same.map((i) => a.l[i]!)));
    byTypeSameClassAdjusted[typ] = round4(auc(same.map((i) => a.adj[i]!), same.map((i) => a.l[i]!)));
  }
  result[lang] = {
    files: files.filter((f) => f.language === lang).length,
    scorableTokens: a.s.length,
    corrupted: a.l.reduce((x, y) => x + y, 0),
    tokenAuc: round4(auc(a.s, a.l)),
    tokenAucAdjusted: round4(auc(a.adj, a.l)),
    tokenAucByType: byType,
    tokenAucByTypeVsSameClass: byTypeSameClass,
    tokenAucByTypeVsSameClassAdjusted: byTypeSameClassAdjusted,
  };
}
result.pieces = pieces;
result.seconds = Math.round(seconds * 10) / 10;
console.log(JSON.stringify(result, null, 1));
writeFileSync(join(ROOT, 'bench/out/auc.json'), JSON.stringify(result, null, 1));

/** Clean tokens a corruption of this type could have produced a positive from (see models/training/corrupt.py). */
function eligible(typ: string, text: string, kind: string, lang: LexLanguage): boolean {
  if (typ === 'op') return candidatesFor(text, 'group-only', lang, []).length > 0;
  if (typ === 'num') return kind === 'num' && /^[0-9]{1,6}$/.test(text);
  if (typ === 'id') return kind === 'id' && !KEYWORDS[lang].has(text);
  if (typ === 'swap') return kind === 'id' || kind === 'num';
  return true;
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}
