#!/usr/bin/env node
// Folder-level import graph of src/: every edge between two folders (or root files) with the number
// of imports behind it, then the edges that break the layering of scripts/layers.mjs, with the files.
//   node scripts/import-graph.mjs            edges + backward edges
//   node scripts/import-graph.mjs --layers   edges between layers instead of folders
//   node scripts/import-graph.mjs --check    exit 1 when any backward edge exists
// Counts static imports, `export … from`, dynamic `import()` and `import('…')` types.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { layerOf, ORDER, resolveSpecifier, violation } from './layers.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const byLayer = process.argv.includes('--layers');
const check = process.argv.includes('--check');

function files(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) files(p, out);
    else if (e.name.endsWith('.ts')) out.push(relative(ROOT, p).split(sep).join('/'));
  }
  return out;
}

/** Relative specifiers a file imports. */
function specifiers(path, text) {
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false);
  const out = [];
  const visit = (n) => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier))
      out.push(n.moduleSpecifier.text);
    else if (
      ts.isCallExpression(n) &&
      n.expression.kind === ts.SyntaxKind.ImportKeyword &&
      n.arguments[0] &&
      ts.isStringLiteral(n.arguments[0])
    )
      out.push(n.arguments[0].text);
    else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal))
      out.push(n.argument.literal.text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** `src/engine/run.ts` → `engine`; `src/errors.ts` → `errors.ts`. */
function folder(path) {
  return path.split('/')[1];
}
const node = (path) => (byLayer ? (layerOf(path)?.name ?? `? ${folder(path)}`) : folder(path));

const edges = new Map();
const backward = [];
for (const from of files(join(ROOT, 'src'))) {
  for (const spec of specifiers(from, readFileSync(join(ROOT, from), 'utf8'))) {
    const to = resolveSpecifier(ROOT, from, spec);
    if (!to || !to.startsWith('src/')) continue;
    const why = violation(from, to);
    if (why) backward.push({ from, to, why });
    const a = node(from);
    const b = node(to);
    if (a !== b) edges.set(`${a} -> ${b}`, (edges.get(`${a} -> ${b}`) ?? 0) + 1);
  }
}

console.log(`Layers, lowest first: ${ORDER}\n`);
console.log(`${byLayer ? 'Layer' : 'Folder'}-level import edges (imports behind each):`);
for (const [edge, n] of [...edges].sort(([a], [b]) => (a < b ? -1 : 1))) console.log(`  ${edge}  ${n}`);
const grouped = new Map();
for (const b of backward) {
  const key = `${layerOf(b.from)?.name ?? b.from} -> ${layerOf(b.to)?.name ?? b.to}`;
  grouped.set(key, [...(grouped.get(key) ?? []), `${b.from} -> ${b.to}`]);
}
console.log(`\nBackward edges: ${backward.length} import${backward.length === 1 ? '' : 's'}`);
for (const [key, list] of [...grouped].sort(([a], [b]) => (a < b ? -1 : 1))) {
  console.log(`  ${key}  ${list.length}`);
  for (const l of [...new Set(list)].sort()) console.log(`    ${l}`);
}
if (check && backward.length) process.exitCode = 1;
