// A `node -r` preload (issue 19: peak RSS): what a `toasty grade` process holds over time. Every 20 ms
// (when the event loop turns: between files) it records process.memoryUsage() — rss, the V8 heap
// (total, used), external — and the tree-sitter trees not collected yet (their count and the
// characters they were parsed from: each holds ~24 native bytes per character that V8 does not see),
// and every GC (kind 1 scavenge, 4 mark-compact, 8 incremental marking). At exit it writes a JSON
// summary to $HEAP_SAMPLE_OUT ({ hwm, peak, maxTreeMB, rows, gcs }) and one line to stderr.
// A preload is not a V8 flag: the launcher's code cache is still taken.
//
//   HEAP_SAMPLE_OUT=/tmp/s.json node -r ./bench/speed/heap-sample.cjs bin/toasty.js grade /usr/lib/python3.11 \
//     --format json --output /dev/null --quiet --no-cache
//   or as the node flags of a bench/speed/ab.mjs variant (it runs in a temp folder: an absolute path):
//   "after|bin/toasty.js|||-r $PWD/bench/speed/heap-sample.cjs"
'use strict';
const { readFileSync, writeFileSync, writeSync } = require('node:fs');
const { join } = require('node:path');
const { PerformanceObserver } = require('node:perf_hooks');

const t0 = performance.now();
const rows = [];
const gcs = [];
let peak = null;
let liveTrees = 0;
let liveChars = 0;
let maxChars = 0;
try {
  // The same module instance the bundle loads (one CommonJS cache): its parse, counted.
  const Parser = require(require.resolve('tree-sitter', { paths: [join(__dirname, '..', '..', 'dist', 'bundle')] }));
  const freed = new FinalizationRegistry((chars) => {
    liveTrees -= 1;
    liveChars -= chars;
  });
  const parse = Parser.prototype.parse;
  Parser.prototype.parse = function (input, ...rest) {
    const tree = parse.call(this, input, ...rest);
    const chars = typeof input === 'string' ? input.length : 0;
    if (tree) {
      liveTrees += 1;
      liveChars += chars;
      maxChars = Math.max(maxChars, liveChars);
      freed.register(tree, chars);
    }
    return tree;
  };
} catch {
  // no tree-sitter: memory and GCs only
}
const MB = 1024 * 1024;
function take() {
  const m = process.memoryUsage();
  const row = {
    t: Math.round(performance.now() - t0),
    rss: Math.round(m.rss / MB),
    heapTotal: Math.round(m.heapTotal / MB),
    heapUsed: Math.round(m.heapUsed / MB),
    external: Math.round(m.external / MB),
    trees: liveTrees,
    treeMChars: +(liveChars / MB).toFixed(1),
  };
  rows.push(row);
  if (!peak || row.rss > peak.rss) peak = row;
}
setInterval(take, 20).unref();
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcs.push({ t: Math.round(e.startTime), kind: e.detail?.kind, ms: +e.duration.toFixed(1) });
}).observe({ entryTypes: ['gc'] });
process.on('exit', () => {
  take();
  const hwm = Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024);
  const summary = { hwm, peak, maxTreeMChars: +(maxChars / MB).toFixed(1), majors: gcs.filter((g) => g.kind === 4).length };
  summary.minors = gcs.filter((g) => g.kind === 1).length;
  writeSync(2, `heap-sample ${JSON.stringify(summary)}\n`);
  if (process.env.HEAP_SAMPLE_OUT) writeFileSync(process.env.HEAP_SAMPLE_OUT, JSON.stringify({ ...summary, rows, gcs }));
});
