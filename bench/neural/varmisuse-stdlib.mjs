// wrong-variable on a tree of real code (Python, JS, TS) through the built toasty (dist/): every finding at
// the shipped threshold and through the shipped gate (the model dir's varmisuse.json), with its line and
// the gate's evidence, for reading by hand, and the false-finding rate if all are false.
//   npx tsc -p tsconfig.build.json && node bench/neural/varmisuse-stdlib.mjs DIR [MODEL_DIR] > out.jsonl
// Skips test folders (tests/, test/, idlelib/idle_test) only when TOASTY_SKIP_TESTS=1. Summary on stderr.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadAdapter } from '../../dist/languages/registry.js';
import { generatedOrMinified } from '../../dist/neural/detectors/findings.js';
import { extractVarSites } from '../../dist/neural/detectors/varmisuse-sites.js';
import { varMisuseEvidence } from '../../dist/neural/detectors/varmisuse-gate.js';
import { loadVarMisuseManifest, scoreVarSites } from '../../dist/neural/detectors/varmisuse.js';

const [root, modelDir = join(import.meta.dirname, '..', '..', 'models')] = process.argv.slice(2);
const manifest = loadVarMisuseManifest(modelDir);
const { thresholds, gate = null } = manifest.rules['wrong-variable'];
const languageOf = (p) => (p.endsWith('.py') ? 'python' : /\.[mc]?tsx?$/.test(p) && !p.endsWith('.d.ts') ? 'typescript' : /\.[mc]?jsx?$/.test(p) ? 'javascript' : null);
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory()) {
      if (name === 'site-packages' || name === 'dist-packages' || name === '__pycache__' || name === 'node_modules') continue;
      if (process.env.TOASTY_SKIP_TESTS === '1' && /^(tests?|idle_test)$/.test(name)) continue;
      walk(p);
    } else if (languageOf(name) && !/\.min\.js$/.test(name)) files.push(p);
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
  const language = languageOf(path);
  try {
    model = (await loadAdapter(language)).parse(path, text, language);
  } catch {
    continue;
  }
  const found = extractVarSites(model);
  sites += found.length;
  const perLine = new Set();
  for (const { site, alternative, score } of await scoreVarSites(modelDir, found, gate)) {
    if (score < thresholds[site.language]) continue;
    const line = text.slice(0, site.start).split('\n').length;
    if (perLine.has(line)) continue;
    perLine.add(line);
    findings++;
    console.log(JSON.stringify({ file: relative(root, path), line, written: site.written, expected: alternative, score: Math.round(score * 1000) / 1000, role: site.role,
      evidence: gate && varMisuseEvidence(site, site.written, alternative, gate), slots: site.slots.map((x) => `${x.kind}:${x.name}`).join(' '), text: model.lines[line - 1].trim() }));
  }
}
console.error(JSON.stringify({ files: files.length, lines, sites, findings, thresholds, gate, per100Lines: Math.round((10000 * findings) / lines) / 100 }));
