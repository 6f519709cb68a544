import { describe, expect, it } from 'vitest';
import { makeWindows } from '../../src/neural/windows.js';

function check(counts: number[], content: number, stride: number): ReturnType<typeof makeWindows> {
  const ws = makeWindows(counts, content, stride);
  const sum = (a: number, b: number): number => counts.slice(a, b).reduce((x, y) => x + y, 0);
  // every window fits, consecutive windows overlap or touch, and ownership partitions the tokens
  for (const w of ws) {
    // a single oversized pre-token gets a window of its own (truncated when scored)
    if (w.end - w.start > 1) expect(sum(w.start, w.end)).toBeLessThanOrEqual(content);
    expect(w.start).toBeLessThanOrEqual(w.ownStart);
    expect(w.ownEnd).toBeLessThanOrEqual(w.end);
  }
  expect(ws[0]!.ownStart).toBe(0);
  expect(ws.at(-1)!.ownEnd).toBe(counts.length);
  for (let k = 1; k < ws.length; k++) {
    expect(ws[k]!.ownStart).toBe(ws[k - 1]!.ownEnd);
    expect(ws[k]!.start).toBeLessThanOrEqual(ws[k - 1]!.end);
    expect(ws[k]!.start).toBeGreaterThan(ws[k - 1]!.start);
  }
  return ws;
}

describe('makeWindows', () => {
  it('uses one window when the file fits', () => {
    expect(check([1, 2, 3], 254, 192)).toEqual([{ start: 0, end: 3, ownStart: 0, ownEnd: 3 }]);
  });

  it('overlaps long files and gives each token to the window where it is most central', () => {
    const counts = Array.from({ length: 1000 }, (_, i) => 1 + (i % 3));
    const ws = check(counts, 254, 192);
    expect(ws.length).toBe(11);
    // the overlap (≈ 62 pieces) is split in its middle
    const w0 = ws[0]!;
    const w1 = ws[1]!;
    expect(w1.start).toBeLessThan(w0.end);
    const piecesBefore = (i: number): number => counts.slice(0, i).reduce((x, y) => x + y, 0);
    const mid = (piecesBefore(w1.start) + piecesBefore(w0.end)) / 2;
    expect(Math.abs(piecesBefore(w0.ownEnd) - mid)).toBeLessThanOrEqual(3);
  });

  it('handles tiny windows and oversized tokens without looping', () => {
    check([5, 5, 5, 5, 5], 7, 5);
    expect(check([300, 1, 1], 254, 192).map((w) => [w.start, w.end])).toEqual([
      [0, 1],
      [1, 3],
    ]);
    expect(makeWindows([], 254, 192)).toEqual([]);
  });
});
