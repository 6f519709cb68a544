#!/usr/bin/env node
// Build step: parses the bundled YAML rule packs (rules/) once and writes dist/rules-snapshot.json,
// so a run reads JSON instead of parsing 30+ YAML files (about 40 ms of every start-up). Each entry
// carries the sha256 of its file: an edited rule file no longer matches and is parsed from YAML again
// (src/yaml-rules/snapshot.ts), so the snapshot can be stale but never wrong.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseDocument } from 'yaml';

const ROOT = resolve(import.meta.dirname, '..');
// The code stamp's hash of each file (src/store/cache-key.ts): a run whose stamp says the packs are
// as built takes their rules from here without reading them (src/yaml-rules/bundled.ts).
const { contentStamp, writeCodeStamp } = await import('../dist/store/cache-key.js');
// Each pack's placeholder heads (id, dimension, meta), so a run lists the rules without building them.
const { stubHeadsOf } = await import('../dist/yaml-rules/bundled.js');
const RULES = join(ROOT, 'rules');
const files = {};
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules') walk(path);
    } else if (/\.ya?ml$/i.test(entry.name)) {
      const text = readFileSync(path, 'utf8');
      const doc = parseDocument(text, { uniqueKeys: true });
      if (doc.errors.length) continue; // parsed (and reported) at run time
      const key = relative(RULES, path).split('\\').join('/');
      files[key] = {
        sha256: createHash('sha256').update(text).digest('hex'),
        stamp: contentStamp(path),
        data: doc.toJS({ maxAliasCount: 100 }),
      };
      files[key].stubs = stubHeadsOf(files[key].data);
    }
  }
};
walk(RULES);
mkdirSync(join(ROOT, 'dist'), { recursive: true });
writeFileSync(join(ROOT, 'dist', 'rules-snapshot.json'), JSON.stringify({ format: 1, files }));

// Last, once every built file is in place: the code stamp of the result cache (src/store/cache-key.ts),
// so a run stats the built files instead of reading and hashing all of them.
// One for dist/ (the compiled modules) and one for dist/bundle/ (the bundle the CLI runs, stamped alone).
writeCodeStamp();
writeCodeStamp(join(ROOT, 'dist', 'bundle'));
