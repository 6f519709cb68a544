export function legacy(input: unknown): number {
  // ruleid: ts-ignore-without-reason
  // @ts-ignore
  const a: number = input.length;
  // ruleid: ts-ignore-without-reason
  /* @ts-ignore */
  const b: number = input.size;
  // ok: ts-ignore-without-reason
  // @ts-ignore -- the vendor types omit `count` (fixed in v3)
  const c: number = input.count;
  // ok: ts-ignore-without-reason
  // @ts-expect-error -- input is untyped here
  const d: number = input.total;
  // ok: ts-ignore-without-reason
  const note = '// @ts-ignore';
  return a + b + c + d + note.length;
}
