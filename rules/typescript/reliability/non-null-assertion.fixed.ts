export function greet(users: Map<string, User>, id: string, flag: boolean): string {
  // ruleid: non-null-assertion
  const user = users.get(id);
  // ok: non-null-assertion
  const same = id !== user.id;
  // ok: non-null-assertion
  const off = !flag;
  // ok: non-null-assertion
  const city = user.address?.city ?? 'unknown';
  return `${user.name} ${same} ${off} ${city}`;
}
