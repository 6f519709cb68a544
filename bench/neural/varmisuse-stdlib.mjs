// wrong-variable on a tree of real code through the built toasty (dist/): every finding at the shipped
// threshold with its line, for reading by hand, and the false-finding rate if all are false.
//   npx tsc -p tsconfig.build.json && node bench/neural/varmisuse-stdlib.mjs DIR [MODEL_DIR] > out.jsonl
// Skips test folders (tests/, test/, idlelib/idle_test) only when TOASTY_SKIP_TESTS=1. Summary on stderr.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadAdapter } from '../../dist/languages/registry.js';
import { generatedOrMinified } from '../../dist/neural/detectors/findings.js';
import { extractVarSites } from '../../dist/neural/detectors/varmisuse-sites.js';
import { loadVarMisuseManifest, scoreVarSites } from '../../dist/neural/detectors/varmisuse.js';

const [root, modelDir = join(import.meta.dirname, '..', '..', 'models')] = process.argv.slice(2);
const manifest = loadVarMisuseManifest(modelDir);
const threshold = manifest.rules['wrong-variable'].thresholds.python;
const adapter = await loadAdapter('python');
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory()) {
      if (name === 'site-packages' || name === 'dist-packages' || name === '__pycache__') continue;
      if (process.env.TOASTY_SKIP_TESTS === '1' && /^(tests?|idle_test)$/.test(name)) continue;
      walk(p);
    } else if (name.endsWith('.py')) files.push(p);
  }
};
walk(root);
let lines = 0;
let sites = 0;
let findings = 0;
for (const path of files) {
  const text = readFileSync(path, 'utf8');
  lines += text.split('\n').length;
  if (generatedOrMinified(text)) continue;
  let model;
  try {
    model = adapter.parse(path, text, 'python');
  } catch {
    continue;
  }
  const found = extractVarSites(model);
  sites += found.length;
  const perLine = new Set();
  for (const { site, alternative, score } of await scoreVarSites(modelDir, found)) {
    if (score < threshold) continue;
    const line = text.slice(0, site.start).split('\n').length;
    if (perLine.has(line)) continue;
    perLine.add(line);
    findings++;
    console.log(JSON.stringify({ file: relative(root, path), line, written: site.written, expected: alternative, score: Math.round(score * 1000) / 1000, role: site.role, text: model.lines[line - 1].trim() }));
  }
}
console.error(JSON.stringify({ files: files.length, lines, sites, findings, threshold, per100Lines: Math.round((10000 * findings) / lines) / 100 }));
