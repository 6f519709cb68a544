import { userInfo } from 'node:os';
import type { ResolvedConfig } from '../config/types.js';
import { discoverFiles, isGraded, languagesGraded, readDiscoveredFile, type DiscoveredFile } from '../discovery/walk.js';
import { applyProfile } from '../learning/apply.js';
import { IMPLICIT_WEIGHT } from '../learning/implicit.js';
import type { Profile } from '../learning/types.js';
import { DIMENSIONS, type Dimension } from '../model/findings.js';
import { counts } from '../model/gate.js';
import type { FileResult, GradeOutcome, RunInfo, RunResult } from '../model/results.js';
import type { CacheEntry } from '../store/cache.js';
import { cacheKey, ruleSetHash } from '../store/cache-key.js';
import { digestStorable, type FileDigest } from '../store/digests.js';
import type { RunHistory } from '../store/history.js';
import type { RunRecord } from '../store/runs.js';
import { sha256 } from '../util/hash.js';
import { toPosixRelative } from '../util/paths.js';
import { letterGrade } from '../scoring/letter.js';
import { projectScores } from '../scoring/score.js';
import { VERSION } from '../version.js';
import { RuleResolver } from './active-rules.js';
import { applyBaseline, type Baseline, type BaselineEntry } from './baseline.js';
import { loadRuleSet, type RuleSet } from './registry.js';
import { isNarrowing } from './selection.js';
import { keepChangedLines } from './changed-lines.js';
import { gateFailures } from './gate.js';
import type { ReadBytes } from './grade-file.js';
import { newRunId, rebindOutcome } from './ids.js';
import type { Progress } from './pool.js';
import { shardOf, type Shard } from './shard.js';
import { NAMING_RULES } from '../neural/names/rules.js';
import { monotonicMs } from '../util/monotonic.js';

export interface RunOptions {
  paths: string[];
  cwd: string;
  config: ResolvedConfig;
  /** Grading lanes (`--jobs`), or null: chosen by the run's files (engine/pool.ts `defaultLanes`). */
  jobs: number | null;
  user?: string;
  agent?: string | null;
  progress?: Progress;
  /** Called once discovery is done, with the number of files. */
  onDiscovered?: (count: number) => void;
  /** Called once the cache was read: how many of the files it served. */
  onCache?: (hits: number, files: number) => void;
  /** The history database (runs, cache, feedback); null or absent: none. */
  history?: RunHistory | null;
  /** Use the content-hash cache (default true; `--no-cache` turns it off). */
  cache?: boolean;
  /** How many bytes of the source read for the cache keys are kept to be graded (default 32 MiB; tests set 0). */
  keepBytes?: number;
  /**
   * Personal learning: off (default output), or the profile to apply, computed once by the caller
   * (resolveLearning): from an exported file (`profile`) or the user's own feedback (`user`).
   */
  learning?: { mode: 'off' } | { mode: 'profile' | 'user'; profile: Profile };
  /** `--baseline`: findings are marked new or existing, and only new ones count for --fail-on. */
  baseline?: Baseline | null;
  /** The rule set (built-in, YAML, plugins); loaded from the config when absent. */
  ruleSet?: RuleSet;
  /** These files instead of discovering `paths` (`toasty grade -`: the source read from stdin). */
  files?: DiscoveredFile[];
  /** `--changed`: only these files (absolute paths). */
  only?: ReadonlySet<string>;
  /** Options that make this run not comparable with a whole run (`--changed`, `--dimensions`), for `history`. */
  partial?: readonly string[];
  /** `--changed-lines`: only findings on these lines (absolute path → line numbers; 0 = whole file). */
  changedLines?: ReadonlyMap<string, ReadonlySet<number>>;
  /**
   * `--shard i/n`: only the files whose project-relative path hashes to shard i; the project
   * score of such a run is partial, so `minScore` is left to `toasty merge` (`failOn` applies).
   */
  shard?: Shard;
  /** The wall clock (ms) the racy-file rule compares file times with (store/digests.ts); tests move it. */
  now?: () => number;
}

/**
 * How many bytes of source read for the cache keys a run keeps for grading (the standard library is
 * 11.6 MB of Python): past it, a file to grade is read again.
 */
const KEEP_BYTES = 32 * 1024 * 1024;

/** What the cache pass gives the run record: outcomes to store, keys served, digests to store and to drop. */
interface CachePass {
  outcomes: GradeOutcome[];
  fresh: CacheEntry[];
  hitKeys: string[];
  rulesHash: string;
  digests: FileDigest[];
  staleDigests: string[];
}

/**
 * Outcomes from the cache where the content, version, config and rules are unchanged; the rest graded.
 * `walkedAt`: the wall clock read before the walk stat'ed the files (for the racy-file rule).
 */
async function gradeWithCache(
  files: readonly DiscoveredFile[],
  runId: string,
  options: RunOptions,
  resolver: RuleResolver,
  ruleSet: RuleSet,
  walkedAt: number,
): Promise<CachePass> {
  const { config, history } = options;
  // --no-cache skips the lookup but still stores fresh outcomes, so it also repairs the cache.
  const useCache = Boolean(history?.usable);
  // Built-in code and settings, plus the content of every YAML rule file and plugin in force.
  // With the model on, also what its findings depend on (model, manifest, pipeline), read from disk.
  // The resolver owns whether neural rules run (`--no-neural` / `neural: false` drop them there).
  const neuralOn = resolver.mayRun((rule) => rule.source === 'neural');
  const neural = history && neuralOn ? `.${(await import('../neural/index.js')).neuralIdentity(config.neural.model ?? undefined)}` : '';
  // Name suggestions on naming findings depend on the names model.
  const namesOn = history && config.neural.enabled && config.neural.names && resolver.mayRun((rule) => NAMING_RULES.has(rule.id));
  const names = namesOn ? `.${(await import('../neural/names/suggest.js')).namesIdentity(config.neural.model)}` : '';
  const rulesHash = history ? `${ruleSetHash(ruleSet.rules)}.${ruleSet.hash}${neural}${names}` : '';
  const keyOf = (file: DiscoveredFile, contentSha256: string): string =>
    cacheKey({
      version: VERSION,
      configHash: config.hash,
      rulesHash,
      path: file.path,
      rootRelative: toPosixRelative(config.root, file.absPath),
      language: file.language!, // keyed: a graded file
      contentSha256,
    });
  // The bytes each key is made from, kept (up to `keepBytes` in all) for the files that are graded:
  // a miss is graded from the bytes its key names instead of a second read of the file.
  const keep = options.keepBytes ?? KEEP_BYTES;
  let kept = 0;
  const known: (ReadBytes | undefined)[] = new Array(files.length);
  const digests: (string | null)[] = new Array(files.length).fill(null);
  // A file whose stamp (dev:ino, size, mtime, ctime) is the one its stored digest was taken under
  // is not read for its key (store/digests.ts). `--no-cache` trusts no stamp: it reads every file
  // and stores its digest afresh, so it also repairs the digests.
  const lookup = useCache && options.cache !== false;
  const stored = lookup ? history!.digests(files.filter((f) => f.stamp && isGraded(f)).map((f) => f.absPath)) : null;
  const trusted: boolean[] = new Array(files.length).fill(false);
  const newDigests: FileDigest[] = [];
  const keys: (string | null)[] = files.map((file, i) => {
    if (!useCache || !isGraded(file)) return null;
    const prior = file.stamp ? stored?.get(file.absPath) : undefined;
    if (prior && prior.stamp === file.stamp) {
      digests[i] = prior.sha256;
      trusted[i] = true;
      return keyOf(file, prior.sha256);
    }
    try {
      const buffer = readDiscoveredFile(file, config.maxFileSize);
      const contentSha256 = sha256(buffer);
      digests[i] = contentSha256;
      if (kept + buffer.length <= keep) {
        known[i] = { buffer, sha256: contentSha256 };
        kept += buffer.length;
      }
      if (file.stamp && file.changedMs !== undefined && digestStorable(file.changedMs, walkedAt))
        newDigests.push({ absPath: file.absPath, stamp: file.stamp, sha256: contentSha256 });
      return keyOf(file, contentSha256);
    } catch {
      return null; // unreadable: gradeFile reports it
    }
  });
  const hits = lookup ? history!.cached(keys.filter((k): k is string => k !== null)) : new Map<string, GradeOutcome>();
  const outcomes: GradeOutcome[] = new Array(files.length);
  const misses: number[] = [];
  const hitKeys: string[] = [];
  keys.forEach((key, i) => {
    const hit = key === null ? undefined : hits.get(key);
    if (hit) {
      outcomes[i] = rebindOutcome(hit, runId);
      hitKeys.push(key!);
    } else misses.push(i);
  });
  const cachedCount = files.length - misses.length;
  options.onCache?.(cachedCount, files.length);
  const progress = options.progress;
  // A run whose files all come from the cache loads no grading code (the pool, the front-ends,
  // the rules' visitors) and compiles no placeholder rule (a rule set loaded with deferBundled).
  let graded: GradeOutcome[] = [];
  // The misses' bytes are handed over (gradeAll lets each go once its file is graded); the hits' go now.
  const knownMisses = misses.map((i) => known[i]);
  known.length = 0;
  if (misses.length) {
    const toGrade = misses.map((i) => files[i]!);
    // The bundled YAML packs of the languages to grade (a Python-only run compiles no JavaScript pack).
    await ruleSet.compile(languagesGraded(toGrade));
    const { gradeAll } = await import('./pool.js');
    graded = await gradeAll(
      toGrade,
      runId,
      config,
      resolver,
      options.jobs,
      progress ? (done) => progress(cachedCount + done, files.length) : undefined,
      knownMisses,
    );
  }
  const fresh: CacheEntry[] = [];
  const staleDigests: string[] = [];
  misses.forEach((i, k) => {
    const outcome = graded[k]!;
    outcomes[i] = outcome;
    let key = keys[i];
    // A file read again to be graded (its bytes were not kept, its key came from a trusted digest,
    // or a thread graded it) that changed since its key was made: the outcome is the new content's,
    // so it is stored under that content's key. A trusted digest found wrong is dropped.
    const graded256 = outcome.result.sha256;
    if (key && graded256 !== null && graded256 !== digests[i]) {
      key = keyOf(files[i]!, graded256);
      if (trusted[i]) staleDigests.push(files[i]!.absPath);
    }
    if (key && !outcome.incomplete) fresh.push({ key, absPath: files[i]!.absPath, outcome });
  });
  return { outcomes, fresh, hitKeys, rulesHash, digests: newDigests, staleDigests };
}

export function defaultUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

/** A graded run: the result with its one verdict, and what the caller records in the history (RunHistory.record). */
export interface GradedProject {
  result: RunResult;
  /** The run as the history keeps it (result, cache entries, implicit signals to derive). */
  record: RunRecord;
  /** With `baseline`: its entries still found (for --prune-baseline); else empty. */
  baselineKept: BaselineEntry[];
}

/**
 * cli → config → discovery → per-file grading → --changed-lines → learning → project scores →
 * --baseline → the gate, once. Pure of any output; the caller records the run it returns, so the
 * history keeps the verdict the run exits with.
 */
export async function gradeProject(options: RunOptions): Promise<GradedProject> {
  const started = Date.now();
  const timer = monotonicMs(); // a wall clock stepped mid-run (NTP) gave negative durations
  const { config } = options;
  const ruleSet = options.ruleSet ?? (await loadRuleSet(config));
  const resolver = new RuleResolver(ruleSet.rules, config);
  const walkedAt = (options.now ?? Date.now)();
  const discovered = options.files ?? discoverFiles(options.paths, options.cwd, config, options.only);
  const shard = options.shard;
  const files = shard
    ? discovered.filter((f) => shardOf(toPosixRelative(config.root, f.absPath), shard.count) === shard.index)
    : discovered;
  options.onDiscovered?.(files.length);
  const runId = newRunId();
  const { outcomes, fresh, hitKeys, rulesHash, digests, staleDigests } = await gradeWithCache(
    files,
    runId,
    options,
    resolver,
    ruleSet,
    walkedAt,
  );

  // Personal learning applies after the cache, so feedback takes effect on cached results too.
  const wanted = options.learning ?? { mode: 'off' };
  const user = options.user ?? defaultUser();
  const profile = wanted.mode === 'off' ? null : wanted.profile;
  const learning: RunInfo['learning'] = wanted.mode;
  const absPathOf = new Map(files.map((f) => [f.path, f.absPath]));
  const weightsOf = (f: FileResult) => resolver.weightsFor(toPosixRelative(config.root, absPathOf.get(f.path) ?? f.path));
  const graded = outcomes.map((o) => o.result);
  const defaults = options.changedLines
    ? keepChangedLines(graded, options.changedLines, (f) => absPathOf.get(f.path) ?? f.path, weightsOf, config.dimensions)
    : graded;
  const results: FileResult[] = profile
    ? applyProfile(defaults, profile, {
        weightsFor: weightsOf,
        dimensions: config.dimensions,
      })
    : defaults;
  const ran = new Set<Dimension>(outcomes.flatMap((o) => o.dimensionsRan));
  const { score, dimensions } = projectScores(results);
  const allFindings = results.flatMap((f) => f.findings);

  const result: RunResult = {
    schemaVersion: 1,
    tool: { name: 'toasty', version: VERSION },
    run: {
      id: runId,
      startedAt: new Date(started).toISOString(),
      durationMs: Math.round(monotonicMs() - timer),
      user,
      agent: options.agent ?? null,
      learning,
      config: config.file,
    },
    score,
    grade: score === null ? null : letterGrade(score),
    passed: true,
    thresholds: { minScore: config.minScore, failOn: config.failOn },
    dimensions,
    dimensionsWithoutRules: DIMENSIONS.filter((d) => config.dimensions.includes(d) && !ran.has(d)),
    summary: {
      files: results.length,
      graded: results.filter((f) => f.status === 'graded').length,
      skipped: results.filter((f) => f.status === 'skipped').length,
      parseErrors: results.filter((f) => f.status === 'parse-error').length,
      findings: allFindings.filter(counts).length,
      muted: allFindings.filter((f) => f.muted).length,
      suppressed: allFindings.filter((f) => f.suppressed).length,
    },
    failures: [],
    selection: { ...config.selection, rules: resolver.enabledRuleIds() },
    ...(shard ? { shard: { index: shard.index, count: shard.count } } : {}),
    files: results,
  };
  const warnings = [...new Set(outcomes.flatMap((o) => o.warnings ?? []))];
  if (result.selection?.rules.length === 0 && isNarrowing(config.selection))
    warnings.push('the rule selection (--select, --ignore, --severity-min, --dimensions, --no-neural) leaves no rule to run');
  if (warnings.length) result.warnings = warnings;
  // --baseline marks findings new or existing; the score is unchanged.
  const baselineKept = options.baseline ? applyBaseline(result, options.baseline) : [];
  // The gate, once: with a baseline, only findings new against it count for --fail-on.
  // A shard's score is partial: --min-score is applied by `toasty merge`.
  const minScore = shard ? null : config.minScore;
  result.failures = options.baseline
    ? [
        ...gateFailures(score, result.files, minScore, null),
        ...gateFailures(
          score,
          result.files.map((f) => ({ ...f, findings: f.findings.filter((x) => x.baseline !== 'existing') })),
          null,
          config.failOn,
        ),
      ]
    : gateFailures(score, results, minScore, config.failOn);
  result.passed = result.failures.length === 0;
  const record: RunRecord = {
    result,
    cwd: options.cwd,
    paths: options.paths,
    project: config.root,
    partial: options.partial ?? [],
    absPaths: files.map((f) => f.absPath),
    configHash: config.hash,
    rulesHash,
    cache: fresh,
    cacheHits: hitKeys,
    digests,
    staleDigests,
    // Findings hidden by --changed-lines are not "fixed": no implicit signal from such runs.
    implicitWeight: learning === 'user' && !options.changedLines ? IMPLICIT_WEIGHT : 0,
    learningOptions: config.learning,
  };
  return { result, record, baselineKept };
}
