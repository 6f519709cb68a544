/**
 * Dependency-free reimplementation of sentencepiece's BPE encoder (bpe_model.cc) for the model's
 * vocabulary file (models/<name>.vocab.json, written by models/training/tokenizer.py).
 *
 * Each pre-token is one sentencepiece "word": "▁" + text, split into characters, then the adjacent
 * pair whose merged piece has the highest score is merged, leftmost first on ties, until no merge
 * is in the vocabulary. Special symbols (`<nl>`…) map straight to their ids. The result is cached
 * per pre-token text.
 */
import { readFileSync } from 'node:fs';
import { lex, lexLanguage, type PreToken } from './lexer.js';

export interface VocabFile {
  kind: 'sentencepiece-bpe';
  pad_id: number;
  unk_id: number;
  bos_id: number;
  eos_id: number;
  specials: string[];
  /** [piece, score, kind] with kind 'normal' | 'user' | 'control' | 'unk'. */
  pieces: [string, number, string][];
}

const SPACE = '\u2581';

export class Tokenizer {
  readonly padId: number;
  readonly unkId: number;
  readonly bosId: number;
  readonly eosId: number;
  readonly size: number;
  private readonly ids = new Map<string, number>();
  private readonly scores = new Map<string, number>();
  private readonly special = new Map<string, number>();
  private readonly pieces: string[];
  private readonly cache = new Map<string, readonly number[]>();

  constructor(vocab: VocabFile) {
    if (vocab.kind !== 'sentencepiece-bpe') throw new Error(`unsupported tokenizer kind '${String(vocab.kind)}'`);
    this.padId = vocab.pad_id;
    this.unkId = vocab.unk_id;
    this.bosId = vocab.bos_id;
    this.eosId = vocab.eos_id;
    this.size = vocab.pieces.length;
    this.pieces = vocab.pieces.map((p) => p[0]);
    vocab.pieces.forEach(([piece, score, kind], id) => {
      if (kind === 'normal') {
        this.ids.set(piece, id);
        this.scores.set(piece, score);
      } else if (kind === 'user') {
        this.special.set(piece, id);
      }
    });
  }

  static fromFile(path: string): Tokenizer {
    return new Tokenizer(JSON.parse(readFileSync(path, 'utf8')) as VocabFile);
  }

  piece(id: number): string {
    return this.pieces[id] ?? '';
  }

  /** Id of the single piece for a whole pre-token text ("▁" + text), or undefined when it takes several. */
  wholeTokenId(text: string): number | undefined {
    return this.special.get(text) ?? this.ids.get(SPACE + text);
  }

  /** Piece ids of one pre-token. */
  encodePreToken(text: string): readonly number[] {
    let out = this.cache.get(text);
    if (out) return out;
    const special = this.special.get(text);
    out = special !== undefined ? [special] : this.bpe(SPACE + text);
    this.cache.set(text, out);
    return out;
  }

  private bpe(word: string): number[] {
    const symbols = Array.from(word);
    for (;;) {
      let best = -1;
      let bestScore = -Infinity;
      for (let i = 0; i + 1 < symbols.length; i++) {
        const score = this.scores.get(symbols[i]! + symbols[i + 1]!);
        if (score !== undefined && score > bestScore) {
          bestScore = score;
          best = i;
        }
      }
      if (best < 0) break;
      symbols.splice(best, 2, symbols[best]! + symbols[best + 1]!);
    }
    return symbols.map((s) => this.ids.get(s) ?? this.unkId);
  }

  /** Pre-tokens and piece ids of a whole file (no <s>/</s>). */
  encodeText(text: string, language: string): { preTokens: PreToken[]; ids: number[]; owner: number[] } {
    const preTokens = lex(text, lexLanguage(language));
    const ids: number[] = [];
    const owner: number[] = [];
    preTokens.forEach((t, i) => {
      for (const id of this.encodePreToken(t.text)) {
        ids.push(id);
        owner.push(i);
      }
    });
    return { preTokens, ids, owner };
  }
}
