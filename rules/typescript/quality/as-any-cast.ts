export function size(value: unknown, el: Element): number {
  // ruleid: as-any-cast
  const n = (value as any).length;
  // ok: as-any-cast
  const s = value as string;
  // ok: as-any-cast
  const input = el as unknown as HTMLInputElement;
  return n + s.length + input.value.length;
}
