/**
 * Overlapping windows over a file's piece sequence, cut at pre-token boundaries.
 *
 * Each window holds at most `content` pieces (the model's max length minus <s> and </s>).
 * Consecutive windows start about `stride` pieces apart, so they overlap by content - stride
 * pieces; every pre-token is *owned* by exactly one window — the one where it sits farthest from
 * an edge (the overlap is split at its middle) — and its score is read from that window only.
 */

export interface Window {
  /** First pre-token (inclusive) and last (exclusive) in the window. */
  start: number;
  end: number;
  /** Pre-tokens owned by this window: [ownStart, ownEnd). */
  ownStart: number;
  ownEnd: number;
}

/** `pieceCounts[i]` = number of pieces of pre-token i. A single pre-token never exceeds `content` pieces (texts are capped). */
export function makeWindows(pieceCounts: readonly number[], content: number, stride: number): Window[] {
  const n = pieceCounts.length;
  if (n === 0) return [];
  const offset = new Array<number>(n + 1);
  offset[0] = 0;
  for (let i = 0; i < n; i++) offset[i + 1] = offset[i]! + pieceCounts[i]!;
  const spans: { start: number; end: number }[] = [];
  let start = 0;
  for (;;) {
    let end = start;
    while (end < n && offset[end + 1]! - offset[start]! <= content) end++;
    if (end === start) end = start + 1; // an oversized pre-token still gets a window (it will be truncated)
    spans.push({ start, end });
    if (end >= n) break;
    let next = start;
    while (next < end && offset[next]! - offset[start]! < stride) next++;
    start = Math.max(start + 1, Math.min(next, end));
  }
  return spans.map((w, k) => {
    const prev = spans[k - 1];
    const nextW = spans[k + 1];
    return {
      ...w,
      ownStart: prev ? splitPoint(offset, w.start, prev.end) : 0,
      ownEnd: nextW ? splitPoint(offset, nextW.start, w.end) : n,
    };
  });
}

/** First pre-token of the second half of the overlap [from, to) (by pieces). */
function splitPoint(offset: readonly number[], from: number, to: number): number {
  if (to <= from) return from;
  const mid = (offset[from]! + offset[to]!) / 2;
  let i = from;
  while (i < to && offset[i]! < mid) i++;
  return i;
}
