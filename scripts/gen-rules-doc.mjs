#!/usr/bin/env node
// Regenerates docs/rules.md from the built rule catalogue (run `npm run build` first).
// tests/rules/docs.test.ts fails when the committed page is stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { generateRulesDoc } from '../dist/rules/docs.js';
import { BUILTIN_RULES } from '../dist/rules/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'docs', 'rules.md');
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, generateRulesDoc(BUILTIN_RULES));
process.stdout.write(`wrote ${target} (${BUILTIN_RULES.length} rules)\n`);
