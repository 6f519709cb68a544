import picomatch from 'picomatch';
import type { FixDescriptor, Rule } from '../engine/rule.js';
import type { Language, SourceFile } from '../model/types.js';
import type { LeafMatcher, Match } from './matchers/match.js';
import { metricMatcher, parseCondition, type MetricNodeKind } from './matchers/metric.js';
import { announceBatchedQuery, queryMatcher } from './matchers/query.js';
import { regexMatcher } from './matchers/regex.js';
import { selectorMatcher } from './matchers/selector.js';
import type { PathSeg, RuleFileSource } from './source.js';
import { compileFix } from './fix.js';
import { referenced, template, yamlRuleMeta, type YamlRuleHead } from './meta.js';

/** A rule as written in YAML, after schema validation. */
export interface YamlRuleSpec extends YamlRuleHead, YamlPatternSpec {
  confidence?: number;
  paths?: { include?: string[]; exclude?: string[] };
}

export interface YamlPatternSpec {
  regex?: string;
  query?: string;
  selector?: string;
  metric?: { node: MetricNodeKind; where: string | string[] };
  'pattern-either'?: YamlPatternSpec[];
  'pattern-not'?: YamlPatternSpec;
  'pattern-inside'?: YamlPatternSpec;
}

const POSITIVE = ['regex', 'query', 'selector', 'metric', 'pattern-either'] as const;

/** A compiled pattern: one positive matcher, optionally narrowed by pattern-inside and pattern-not. */
interface PatternNode {
  find(file: SourceFile): Match[];
  captures: Set<string>;
}

function contains(outer: Match, inner: Match): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

function dedupe(matches: Match[]): Match[] {
  const seen = new Set<string>();
  return matches.filter((m) => {
    const key = `${m.start}:${m.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function leafNode(leaf: LeafMatcher): PatternNode {
  return {
    captures: new Set(leaf.captures),
    find: (file) => (leaf.languages.includes(file.language) ? leaf.find(file) : []),
  };
}

class Compiler {
  constructor(
    private readonly source: RuleFileSource,
    private readonly languages: readonly Language[],
    /** Bundled, CI-tested rules: queries compile on first use. */
    private readonly trusted: boolean,
  ) {}

  private fail(path: PathSeg[], message: string): null {
    this.source.report(path, message);
    return null;
  }

  private leaf(spec: YamlPatternSpec, key: (typeof POSITIVE)[number], path: PathSeg[]): PatternNode | null {
    const at = [...path, key];
    const keyName = this.source.ruleKey(at);
    const python = this.languages.includes('python');
    const scripts = this.languages.filter((l) => l !== 'python');
    try {
      switch (key) {
        case 'regex':
          return leafNode(regexMatcher(spec.regex!, this.languages, this.trusted));
        case 'query':
          if (!python)
            return this.fail(
              at,
              `\`${keyName}\` is a tree-sitter query for Python, but the rule's languages are ${this.languages.join(', ')}; use \`selector\` for JS/TS`,
            );
          // Narrowing queries (pattern-not, pattern-inside) run only when a positive one matched.
          return leafNode(
            queryMatcher(spec.query!, this.trusted, this.trusted && !path.includes('pattern-not') && !path.includes('pattern-inside')),
          );
        case 'selector':
          if (scripts.length === 0)
            return this.fail(
              at,
              `\`${keyName}\` is an ESLint-style selector for JavaScript/TypeScript, but the rule's languages are python; use \`query\` for Python`,
            );
          return leafNode(selectorMatcher(spec.selector!, scripts));
        case 'metric': {
          const metric = spec.metric!;
          const where = Array.isArray(metric.where) ? metric.where : [metric.where];
          const conditions = [];
          for (const [i, text] of where.entries()) {
            try {
              conditions.push(parseCondition(text, metric.node));
            } catch (error) {
              this.fail(
                Array.isArray(metric.where) ? [...at, 'where', i] : [...at, 'where'],
                `\`${this.source.ruleKey([...at, 'where'])}\`: ${(error as Error).message}`,
              );
              return null;
            }
          }
          return leafNode(metricMatcher(metric.node, conditions, this.languages));
        }
        case 'pattern-either': {
          const branches = spec['pattern-either']!.map((p, i) => this.pattern(p, [...at, i]));
          if (branches.some((b) => b === null)) return null;
          const nodes = branches as PatternNode[];
          return {
            captures: new Set(nodes.flatMap((n) => [...n.captures])),
            find: (file) => dedupe(nodes.flatMap((n) => n.find(file))).sort((a, b) => a.start - b.start || a.end - b.end),
          };
        }
      }
    } catch (error) {
      const pattern = String(spec[key as 'regex' | 'query' | 'selector']).trim();
      const shown = pattern.length > 60 ? `${pattern.slice(0, 57)}...` : pattern;
      const what = key === 'regex' ? 'an RE2 regex' : key === 'query' ? 'a tree-sitter query for Python' : 'an ESLint-style selector';
      return this.fail(
        at,
        `\`${keyName}\` is not ${what}: ${(error as Error).message}; pattern: ${shown.includes('\n') ? JSON.stringify(shown) : `\`${shown}\``}`,
      );
    }
  }

  /** Compiles a pattern object; records problems and returns null when it is wrong. */
  pattern(spec: YamlPatternSpec, path: PathSeg[]): PatternNode | null {
    const present = POSITIVE.filter((k) => spec[k] !== undefined);
    if (present.length !== 1) {
      const where = this.source.ruleKey(path);
      const inside = where === '(rule)' ? 'a rule' : `\`${where}\``;
      return this.fail(
        path,
        present.length === 0
          ? `${inside} needs one of ${POSITIVE.join(', ')}`
          : `${inside} has ${present.map((k) => `\`${k}\``).join(' and ')}; use exactly one (combine several with \`pattern-either\`)`,
      );
    }
    const positive = this.leaf(spec, present[0]!, path);
    const inside = spec['pattern-inside'] ? this.pattern(spec['pattern-inside'], [...path, 'pattern-inside']) : undefined;
    const not = spec['pattern-not'] ? this.pattern(spec['pattern-not'], [...path, 'pattern-not']) : undefined;
    if (!positive || inside === null || not === null) return null;
    return {
      captures: new Set([...positive.captures, ...(inside?.captures ?? [])]),
      find(file) {
        let matches = positive.find(file);
        if (matches.length && inside) {
          const ranges = inside.find(file);
          matches = matches.flatMap((m) => {
            // The innermost enclosing range lends its captures ($FUNC from the pattern-inside).
            const outer = ranges.filter((r) => contains(r, m)).sort((a, b) => a.end - a.start - (b.end - b.start))[0];
            return outer ? [{ ...m, captures: { ...outer.captures, ...m.captures } }] : [];
          });
        }
        if (matches.length && not) {
          const ranges = not.find(file);
          matches = matches.filter((m) => !ranges.some((r) => contains(r, m)));
        }
        return matches;
      },
    };
  }
}

/**
 * Matches a path (as graded, forward slashes) against globs: a glob with a `/`
 * against the whole path, one without (`test_*.py`) against the file name.
 */
function globMatcher(globs: readonly string[] | undefined, lazy: boolean): ((path: string) => boolean) | null {
  if (!globs?.length) return null;
  const whole = globs.filter((g) => g.includes('/'));
  const names = globs.filter((g) => !g.includes('/'));
  const compile = () => ({
    byPath: whole.length ? picomatch(whole, { dot: true }) : null,
    byName: names.length ? picomatch(names, { dot: true }) : null,
  });
  // A bundled rule's globs compile on the first path asked about (a run whose files are all cached never asks).
  let compiled = lazy ? null : compile();
  return (path) => {
    compiled ??= compile();
    return Boolean(compiled.byPath?.(path.replace(/^\.\//, '')) || compiled.byName?.(path.slice(path.lastIndexOf('/') + 1)));
  };
}

const fixOf = (fix: FixDescriptor | null) => (fix ? { fix } : {});

const unscoped = new WeakMap<Rule, Rule>();

/** The same rule without its `paths` filter (fixtures live beside the rule, wherever `paths` points). */
export function withoutPaths(rule: Rule): Rule {
  return unscoped.get(rule) ?? rule;
}

/** The queries that `leaf` will put in the shared batch (positive ones, not under pattern-not/-inside). */
function announceQueries(spec: YamlPatternSpec): void {
  if (typeof spec.query === 'string') announceBatchedQuery(spec.query);
  for (const branch of spec['pattern-either'] ?? []) announceQueries(branch);
}

/**
 * A bundled rule's pattern, compiled on the first file it runs on: a run pays only for the rules
 * of the languages it meets. Bundled rules are compiled and checked in full by `toasty rules test`
 * in CI (tests/yaml-rules/bundled.test.ts), so nothing is left to report here.
 */
function lazyPattern(spec: YamlRuleSpec, path: PathSeg[], source: RuleFileSource): PatternNode {
  if (spec.languages.includes('python')) announceQueries(spec);
  let compiled: PatternNode | null = null;
  return {
    captures: new Set(),
    find(file) {
      compiled ??= new Compiler(source, spec.languages, true).pattern(spec, path);
      if (!compiled) throw new Error(`bundled rule ${spec.id} does not compile: ${source.formatted().join('; ')}`);
      return compiled.find(file);
    },
  };
}

/** Compiles one validated rule into the engine's Rule contract (source 'yaml'); null when it has problems (recorded). */
export function compileRule(spec: YamlRuleSpec, index: number, source: RuleFileSource, trusted = false): Rule | null {
  const path: PathSeg[] = ['rules', index];
  const root = trusted ? lazyPattern(spec, path, source) : new Compiler(source, spec.languages, false).pattern(spec, path);
  if (!root) return null;
  let ok = true;
  for (const key of trusted ? [] : (['message', 'suggestion'] as const)) {
    for (const name of referenced(spec[key])) {
      if (root.captures.has(name)) continue;
      const known = [...root.captures].filter((c) => /^[A-Za-z_]\w*$/.test(c)).map((c) => `$${c}`);
      source.report(
        [...path, key],
        `\`${key}\` uses $${name}, which no pattern captures; available: ${known.join(', ')} (write $$ for a literal $)`,
      );
      ok = false;
    }
  }
  const fix = compileFix(spec, path, source, trusted ? null : root.captures);
  if (!ok || fix === false) return null;
  const include = globMatcher(spec.paths?.include, trusted);
  const exclude = globMatcher(spec.paths?.exclude, trusted);
  const inScope = (path: string): boolean => (!include || include(path)) && !(exclude && exclude(path));
  const names = [...new Set([...referenced(spec.message), ...referenced(spec.suggestion)])];
  const suggestion = template(spec.suggestion);

  const make = (scoped: boolean): Rule => ({
    id: spec.id,
    dimension: spec.dimension,
    source: 'yaml',
    meta: yamlRuleMeta(spec, fix ? fix.applicability : undefined),
    defaultOptions: {},
    create(ctx) {
      if (scoped && !inScope(ctx.file.path.replace(/\\/g, '/'))) return {};
      return {
        file(file) {
          for (const m of root.find(file)) {
            const data: Record<string, string> = {};
            for (const n of names) data[n] = m.captures[n] ?? '';
            ctx.report({
              node: m.span,
              messageId: 'match',
              data,
              suggestion,
              ...(m.metric ? { metric: m.metric } : {}),
              ...(spec.confidence !== undefined ? { confidence: spec.confidence } : {}),
              ...(fix ? fixOf(fix.build(file, m)) : {}),
            });
          }
        },
      };
    },
  });
  const rule = make(true);
  unscoped.set(rule, make(false));
  return rule;
}
