export function parse(value) {
  // ruleid: parseint-without-radix
  const a = parseInt(value, 10);
  // ruleid: parseint-without-radix
  const b = Number.parseInt(value, 10);
  // ok: parseint-without-radix
  const c = parseInt(value, 10);
  // ok: parseint-without-radix
  const d = Number(value);
  // ok: parseint-without-radix
  const e = parseFloat(value);
  return a + b + c + d + e;
}
