/** Levenshtein distance (insertions, deletions, substitutions), one row of memory. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/**
 * The candidate a mistyped name most likely meant: one that starts with it (`cyclomatic` →
 * `cyclomatic-complexity`, the shortest such), else the nearest by edit distance when it is close
 * (at most 2 edits, or a third of the name). Null when nothing is close.
 */
export function closestName(name: string, candidates: Iterable<string>): string | null {
  const all = [...candidates];
  const lower = name.toLowerCase();
  const extended = all.filter((c) => c.toLowerCase().startsWith(lower)).sort((a, b) => a.length - b.length || (a < b ? -1 : 1))[0];
  if (extended && lower.length >= 3) return extended;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of all) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best !== null && bestDistance <= Math.max(2, name.length / 3) ? best : null;
}
