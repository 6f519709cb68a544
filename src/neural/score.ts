/**
 * File → pre-tokens → pieces → overlapping windows → model → one score per pre-token.
 */
import type { LexLanguage, PreToken } from './lexer.js';
import { runWindows, type LoadedModel } from './session.js';
import { makeWindows } from './windows.js';

export interface TokenScore {
  /** Raw replaced-token probability: the highest over the token's pieces, in the window that owns it. */
  prob: number;
  /**
   * What thresholds and ranking use: the probability with the token's usual level on clean code
   * taken out (see `adjustedScore`); equals `prob` when the manifest has no baselines.
   */
  score: number;
  /** Corrective-MLM logits at the token's best piece, when that piece was among its window's top K. */
  logits: Float32Array | null;
}

export interface ScoredTokens {
  preTokens: readonly PreToken[];
  /** One entry per pre-token. */
  scores: TokenScore[];
  pieces: number;
  windows: number;
}

export interface ScoreOptions {
  /** Windows per InferenceSession.run call (default 1: each window's numbers then depend on it alone). */
  batchSize?: number;
  /** Selects the manifest's per-language baselines; without it, score = prob. */
  language?: LexLanguage;
  /**
   * Keep MLM logits (a vocabulary-sized row, 32 KB) only for tokens whose score reaches this value
   * (the finding threshold: suggestions are made for those only). Default: keep every row the model
   * gave, which on a large file is hundreds of MB.
   */
  keepLogitsFrom?: number;
}

/** Median RTD logit on held-out clean code per token text, with `*id` / `*num` / `*op` fallbacks per kind. */
export type Baselines = Record<string, number>;

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
export const logit = (p: number): number => {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
};

/**
 * RTD learns how often each token *kind* is corrupted (a `//` or a `<=` is suspicious a priori);
 * comparing a token's logit with the same token's median on clean code keeps what the context
 * says: sigmoid(logit(p) - baseline(text)). 0.5 = as unusual as this token usually is.
 */
/** Own keys only: a token named `toString` or `constructor` must not find Object.prototype's member. */
function ownEntry(baselines: Baselines, key: string): number | undefined {
  return Object.hasOwn(baselines, key) ? baselines[key] : undefined;
}

export function adjustedScore(prob: number, text: string, kind: string, baselines: Baselines | undefined): number {
  if (!baselines) return prob;
  const base = ownEntry(baselines, text) ?? ownEntry(baselines, `*${kind}`);
  return base === undefined ? prob : sigmoid(logit(prob) - base);
}

/** Recomputes `score` for every token (after baselines change). */
export function applyBaselines(scored: ScoredTokens, baselines: Baselines | undefined): void {
  scored.scores.forEach((s, i) => {
    const t = scored.preTokens[i]!;
    s.score = adjustedScore(s.prob, t.text, t.kind, baselines);
  });
}

export async function scorePreTokens(
  model: LoadedModel,
  preTokens: readonly PreToken[],
  options: ScoreOptions = {},
): Promise<ScoredTokens> {
  const { tokenizer, manifest } = model;
  const content = manifest.maxLength - 2;
  const pieces = preTokens.map((t) => tokenizer.encodePreToken(t.text));
  const windows = makeWindows(
    pieces.map((p) => p.length),
    content,
    manifest.window.stride,
  );
  const scores: TokenScore[] = preTokens.map(() => ({ prob: 0, score: 0, logits: null }));
  const inputs = windows.map((w) => {
    const ids = [tokenizer.bosId];
    const owner = [-1];
    for (let i = w.start; i < w.end && ids.length < content + 1; i++) {
      for (const id of pieces[i]!) {
        if (ids.length >= content + 1) break;
        ids.push(id);
        owner.push(i);
      }
    }
    ids.push(tokenizer.eosId);
    owner.push(-1);
    return { ids, owner };
  });
  const baselines = options.language ? (manifest.baselines as Record<string, Baselines> | undefined)?.[options.language] : undefined;
  const keepFrom = options.keepLogitsFrom ?? -Infinity;
  const batchSize = Math.max(1, options.batchSize ?? 1);
  let total = 0;
  for (let b0 = 0; b0 < inputs.length; b0 += batchSize) {
    const batch = inputs.slice(b0, b0 + batchSize);
    const outputs = await runWindows(
      model,
      batch.map((x) => x.ids),
    );
    outputs.forEach((out, r) => {
      const w = windows[b0 + r]!;
      const { owner } = batch[r]!;
      total += owner.length - 2;
      const bestPos = new Map<number, number>();
      for (let pos = 1; pos < owner.length - 1; pos++) {
        const i = owner[pos]!;
        if (i < w.ownStart || i >= w.ownEnd) continue;
        const p = sigmoid(out.rtd[pos]!);
        if (p > scores[i]!.prob) scores[i]!.prob = p;
      }
      // MLM logits: for each owned token, its highest-ranked piece among the window's top K.
      out.topPositions.forEach((pos, k) => {
        if (pos <= 0 || pos >= owner.length - 1) return;
        const i = owner[pos]!;
        if (i < w.ownStart || i >= w.ownEnd || bestPos.has(i)) return;
        bestPos.set(i, pos);
        // A token's probability is final here (only its owning window scores it).
        const t = preTokens[i]!;
        if (adjustedScore(scores[i]!.prob, t.text, t.kind, baselines) < keepFrom) return;
        // A copy, so the window's K × vocabulary buffer is not kept alive by one row.
        scores[i]!.logits = out.topLogits.slice(k * out.vocabSize, (k + 1) * out.vocabSize);
      });
    });
  }
  const result = { preTokens, scores, pieces: total, windows: windows.length };
  applyBaselines(result, baselines);
  return result;
}
