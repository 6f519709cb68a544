// What the corpus dump scripts (detectors/dump-sites.mjs, detectors/dump-varmisuse.mjs,
// names/dump-names.mjs) share: read the corpus listing, parse one row with the real front-end of its
// language (built into dist/, exactly as grading parses it), find a site's line, trim a feature bag's
// padding, and write one JSON line with back-pressure. Each script keeps only its own site extraction.
import { createWriteStream, readFileSync } from 'node:fs';
import { loadAdapter } from '../../dist/languages/registry.js';

/** The rows of a corpus listing (JSONL: {path, language, split, …}). */
export function readRows(file) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/** The front-end language of a row: Python, or TypeScript / JavaScript by the file's extension. */
export function rowLanguage(row) {
  return row.language === 'python' ? 'python' : /\.[mc]?ts$/.test(row.path) ? 'typescript' : 'javascript';
}

/** The row's file parsed into the language-neutral model, or null when it cannot be read or parsed. */
export async function parseRow(row) {
  const language = rowLanguage(row);
  try {
    const adapter = await loadAdapter(language);
    return adapter.parse(row.path, readFileSync(row.path, 'utf8'), language);
  } catch {
    return null;
  }
}

/** 1-based line of `offset`, given the file's line start offsets. */
export function lineAt(starts, offset) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** The offsets at which the text's lines start. */
export function lineStarts(text) {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** A feature bag without its trailing zero padding. */
export function trimBag(bag) {
  let n = bag.length;
  while (n > 0 && bag[n - 1] === 0) n--;
  return bag.slice(0, n);
}

/** A JSONL writer that waits for the stream to drain when its buffer is full. */
export function jsonlWriter(file) {
  const out = createWriteStream(file);
  return {
    async write(value) {
      if (!out.write(JSON.stringify(value) + '\n')) await new Promise((resolve) => out.once('drain', resolve));
    },
    end: () => out.end(),
  };
}

/** Progress on stderr every 2,000 files of a shard, and the closing line. */
export function progress(total, shard, shards) {
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(0);
  return {
    file(f, sites, failed) {
      if ((f - shard) % (shards * 2000) === 0) console.error(`${f}/${total} files, ${sites} sites, ${failed} failed, ${seconds()} s`);
    },
    done(sites, failed) {
      console.error(`done: ${sites} sites, ${failed} failed, ${seconds()} s`);
    },
  };
}
