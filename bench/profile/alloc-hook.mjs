// Sampling allocation profile of one toasty run, counting objects that were already collected
// (what drives GC and heap growth), aggregated by allocating function; builtins are shown under
// their caller. Profiles the main thread only, so run with --jobs 1:
//
//   npm run build
//   node --import ./bench/profile/alloc-hook.mjs bin/toasty.js grade /usr/lib/python3.11 \
//     --format json --output /dev/null --quiet --no-cache --no-neural --jobs 1
//   cat bench/out/alloc.txt
import { mkdirSync, writeFileSync } from 'node:fs';
import inspector from 'node:inspector';
import { join } from 'node:path';

const OUT = join(import.meta.dirname, '..', 'out', 'alloc.txt');
const session = new inspector.Session();
session.connect();
session.post('HeapProfiler.enable');
session.post('HeapProfiler.startSampling', {
  samplingInterval: 65536,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
});

process.on('exit', () => {
  session.post('HeapProfiler.stopSampling', (error, result) => {
    if (error) {
      console.error(error);
      return;
    }
    const bytes = new Map();
    const name = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
    const walk = (node, caller) => {
      const key = node.callFrame.url ? name(node) : `${caller} > ${node.callFrame.functionName}`;
      bytes.set(key, (bytes.get(key) ?? 0) + node.selfSize);
      for (const child of node.children) walk(child, node.callFrame.url ? name(node) : caller);
    };
    walk(result.profile.head, '(root)');
    const total = [...bytes.values()].reduce((a, b) => a + b, 0);
    const top = [...bytes.entries()].sort((a, b) => b[1] - a[1]).slice(0, 60);
    mkdirSync(join(OUT, '..'), { recursive: true });
    writeFileSync(OUT, `total ${(total / 1e6).toFixed(0)} MB allocated\n${top.map(([k, v]) => `${(v / 1e6).toFixed(0).padStart(6)} MB  ${k}`).join('\n')}\n`);
  });
});
