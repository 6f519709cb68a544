/**
 * Pattern detectors vs the bundled encoder (`unusual-token`) on the same held-out planted bugs.
 *
 * Files of the detector corpus's `test` projects (never trained on, never calibrated on) are
 * parsed; every candidate site is mutated once (a seeded choice among its alternatives; swapped
 * arguments: the pair exchanged), the mutated text is parsed again and scored exactly as `grade`
 * would. Per rule and language:
 *   - detector pair discrimination: the mutated site's score beats the same site's score as written;
 *   - encoder pair discrimination: the same, with the encoder's baseline-adjusted score of the site's
 *     tokens (max over the pre-tokens overlapping the site), in a window of pre-tokens around it;
 *   - recall at the shipped threshold, and false findings per 100 lines of the unmutated files.
 *
 *   node bench/out/neural-build/bench/neural/detectors.js [--files /work/neural-data/corpus/order.jsonl] [--max-files 150] [--encoder-sites 150]
 * → bench/out/detectors.json
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAdapter } from '../../src/languages/registry.js';
import type { Language, SourceFile } from '../../src/model/types.js';
import { candidateSites, scoreSites } from '../../src/neural/detectors/findings.js';
import { getDetector } from '../../src/neural/detectors/model.js';
import { DETECTOR_RULES, type DetectorRule, type Site } from '../../src/neural/detectors/sites.js';
import { lex, lexLanguage } from '../../src/neural/lexer.js';
import { scorePreTokens } from '../../src/neural/score.js';
import { getModel } from '../../src/neural/session.js';
import { ROOT } from './common.js';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const filesPath = arg('--files', '/work/neural-data/corpus/order.jsonl');
const maxFiles = Number(arg('--max-files', '150'));
const encoderSites = Number(arg('--encoder-sites', '150'));

interface Row {
  path: string;
  language: string;
  split: string;
  lines: number;
}

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function languageOf(row: Row): Language {
  return row.language === 'python' ? 'python' : /\.[mc]?ts$/.test(row.path) ? 'typescript' : 'javascript';
}

async function parse(path: string, text: string, language: Language): Promise<SourceFile> {
  return (await loadAdapter(language)).parse(path, text, language);
}

/** The mutated text and the alternative chosen for a site. */
function mutate(text: string, site: Site): { text: string; mutant: string } {
  if (site.rule === 'swapped-arguments') {
    const [a, b] = site.written.split(', ');
    const src = text.slice(site.start, site.end);
    const swapped = b! + src.slice(a!.length, src.length - b!.length) + a!;
    return { text: text.slice(0, site.start) + swapped + text.slice(site.end), mutant: site.alternatives[0]! };
  }
  const mutant = site.alternatives[hash(`${site.start}:${site.written}`) % site.alternatives.length]!;
  return { text: text.slice(0, site.start) + mutant + text.slice(site.end), mutant };
}

interface Tally {
  sites: number;
  pairs: number;
  beats: number;
  recalled: number;
  recalledWithFix: number;
  falseFindings: number;
  encoderPairs: number;
  encoderBeats: number;
}

const empty = (): Tally => ({ sites: 0, pairs: 0, beats: 0, recalled: 0, recalledWithFix: 0, falseFindings: 0, encoderPairs: 0, encoderBeats: 0 });

async function encoderSiteScore(text: string, language: Language, start: number, end: number): Promise<number> {
  const model = await getModel(join(ROOT, 'models'));
  const lang = lexLanguage(language);
  const tokens = lex(text, lang);
  const at = tokens.findIndex((t) => t.end > start);
  const window = tokens.slice(Math.max(0, at - 100), at + 100);
  const scored = await scorePreTokens(model, window, { language: lang });
  let best = 0;
  window.forEach((t, i) => {
    if (t.start < end && t.end > start) best = Math.max(best, scored.scores[i]!.score);
  });
  return best;
}

async function main(): Promise<void> {
  const detector = await getDetector(join(ROOT, 'models'));
  const rows = readFileSync(filesPath, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Row)
    .filter((r) => r.split === 'test');
  const byLang: Record<string, Row[]> = { python: [], javascript: [], typescript: [] };
  for (const r of rows) byLang[languageOf(r)]!.push(r);
  const tallies: Record<string, Tally> = {};
  const lines: Record<string, number> = {};
  const encoderBudget: Record<string, number> = {};
  const started = performance.now();
  const rules = new Set<DetectorRule>(DETECTOR_RULES);
  for (const [language, list] of Object.entries(byLang) as [Language, Row[]][]) {
    const sample = [...list].sort((a, b) => hash(a.path) - hash(b.path)).slice(0, maxFiles);
    for (const row of sample) {
      const text = readFileSync(row.path, 'utf8');
      const file = await parse(row.path, text, language);
      lines[language] = (lines[language] ?? 0) + row.lines;
      const lang = lexLanguage(language);
      const sites = candidateSites(file, rules);
      const scored = await scoreSites(detector, sites);
      for (const { site, score } of scored) {
        const key = `${site.rule}/${language}`;
        const t = (tallies[key] ??= empty());
        t.sites++;
        const threshold = detector.manifest.rules[site.rule].thresholds[lang];
        if (score >= threshold) t.falseFindings++;
        const m = mutate(text, site);
        const mutatedFile = await parse(row.path, m.text, language);
        const again = candidateSites(mutatedFile, new Set([site.rule])).find((s) => s.start === site.start && s.written === m.mutant);
        if (!again) continue;
        const [buggy] = await scoreSites(detector, [again]);
        t.pairs++;
        t.beats += buggy!.score > score ? 1 : buggy!.score === score ? 0.5 : 0;
        if (buggy!.score >= threshold) {
          t.recalled++;
          if (site.rule === 'swapped-arguments' || buggy!.alternative === site.written) t.recalledWithFix++;
        }
        if ((encoderBudget[key] ?? 0) < encoderSites && hash(`${row.path}:${site.start}`) % 4 === 0) {
          encoderBudget[key] = (encoderBudget[key] ?? 0) + 1;
          const fixed = await encoderSiteScore(text, language, site.start, site.end);
          const bug = await encoderSiteScore(m.text, language, again.start, again.end);
          t.encoderPairs++;
          t.encoderBeats += bug > fixed ? 1 : bug === fixed ? 0.5 : 0;
        }
      }
    }
  }
  const out: Record<string, unknown> = { files: filesPath, maxFiles, lines, seconds: Math.round((performance.now() - started) / 1000), rules: {} };
  for (const [key, t] of Object.entries(tallies).sort()) {
    const language = key.split('/')[1]!;
    (out.rules as Record<string, unknown>)[key] = {
      sites: t.sites,
      pairs: t.pairs,
      detectorPairDiscrimination: +(t.beats / Math.max(1, t.pairs)).toFixed(4),
      encoderPairs: t.encoderPairs,
      encoderPairDiscrimination: +(t.encoderBeats / Math.max(1, t.encoderPairs)).toFixed(4),
      recall: +(t.recalled / Math.max(1, t.pairs)).toFixed(4),
      recallWithFix: +(t.recalledWithFix / Math.max(1, t.pairs)).toFixed(4),
      falseFindings: t.falseFindings,
      falsePer100Lines: +((100 * t.falseFindings) / Math.max(1, lines[language] ?? 1)).toFixed(3),
    };
  }
  mkdirSync(join(ROOT, 'bench/out'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/out/detectors.json'), JSON.stringify(out, null, 1));
  console.log(JSON.stringify(out, null, 1));
}

await main();
