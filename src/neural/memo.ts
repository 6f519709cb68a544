/**
 * A per-key loader run once per key; a failed load is not kept, so the next call tries again
 * (a model file fixed or put back in place is picked up without restarting).
 */
export function retryingMemo<V>(load: (key: string) => Promise<V>): (key: string) => Promise<V> {
  const cache = new Map<string, Promise<V>>();
  return (key) => {
    let p = cache.get(key);
    if (!p) {
      p = load(key);
      cache.set(key, p);
      p.catch(() => cache.delete(key));
    }
    return p;
  };
}
