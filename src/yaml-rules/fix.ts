/**
 * `fix:` for YAML rules, as in Semgrep: a template that replaces the whole match (`$NAME` from
 * the pattern's captures, `$MATCH` the matched text, `$$` a literal `$`), or `fix-regex:` that
 * rewrites part of the match (RE2; `\1`…`\9` in `replacement` are the regex's groups).
 * `fix-applicability` is `unsafe` unless the rule says `safe`.
 */
import type { FixDescriptor } from '../engine/rule.js';
import type { FixApplicability } from '../model/findings.js';
import type { SourceFile } from '../model/types.js';
import type { Match } from './matchers/match.js';
import { compileRe2 } from './matchers/regex.js';
import type { PathSeg, RuleFileSource } from './source.js';

export interface YamlFixSpec {
  fix?: string;
  'fix-regex'?: { regex: string; replacement: string; count?: number };
  'fix-applicability'?: FixApplicability;
}

export interface CompiledFix {
  applicability: FixApplicability;
  build(file: SourceFile, match: Match): FixDescriptor | null;
}

const NAME = /\$(\$|[A-Za-z_][A-Za-z0-9_]*)/g;

function fill(template: string, captures: Record<string, string>, matched: string): string {
  return template.replace(NAME, (_all, name: string) =>
    name === '$' ? '$' : name === 'MATCH' ? (captures.MATCH ?? matched) : (captures[name] ?? ''),
  );
}

/** The rule's fix, null when it has none, or false after reporting a problem with it. */
export function compileFix(
  spec: YamlFixSpec,
  path: PathSeg[],
  source: RuleFileSource,
  captures: ReadonlySet<string> | null,
): CompiledFix | null | false {
  const regexFix = spec['fix-regex'];
  if (spec.fix === undefined && !regexFix) {
    if (spec['fix-applicability']) {
      source.report([...path, 'fix-applicability'], '`fix-applicability` needs `fix` or `fix-regex`');
      return false;
    }
    return null;
  }
  if (spec.fix !== undefined && regexFix) {
    source.report([...path, 'fix-regex'], 'a rule has `fix` or `fix-regex`, not both');
    return false;
  }
  const template = spec.fix ?? regexFix!.replacement;
  const key = spec.fix !== undefined ? 'fix' : 'fix-regex';
  if (captures) {
    for (const m of template.matchAll(NAME)) {
      const name = m[1]!;
      if (name === '$' || name === 'MATCH' || captures.has(name)) continue;
      source.report([...path, key], `\`${key}\` uses $${name}, which no pattern captures (write $$ for a literal $)`);
      return false;
    }
  }
  const applicability = spec['fix-applicability'] ?? 'unsafe';
  if (spec.fix !== undefined) {
    const text = spec.fix;
    return {
      applicability,
      build: (file, m) => ({ span: m.span, text: fill(text, m.captures, file.text.slice(m.start, m.end)) }),
    };
  }
  // A bundled rule's regex (captures === null: compiled and checked in CI) compiles on its first fix.
  let re: ReturnType<typeof compileRe2> | null = null;
  if (captures) {
    try {
      re = compileRe2(regexFix!.regex);
    } catch (error) {
      source.report([...path, 'fix-regex', 'regex'], `\`fix-regex.regex\` is not a valid regex: ${(error as Error).message}`);
      return false;
    }
  }
  const count = regexFix!.count ?? Infinity;
  return {
    applicability,
    build(file, m) {
      const matched = file.text.slice(m.start, m.end);
      const replacement = fill(regexFix!.replacement, m.captures, matched);
      re ??= compileRe2(regexFix!.regex);
      const matcher = re.matcher(matched);
      let out = '';
      let at = 0;
      let n = 0;
      while (n < count && matcher.find()) {
        const groups = (i: number) => matcher.group(i) ?? '';
        out += matched.slice(at, matcher.start()) + replacement.replace(/\\([0-9])/g, (_a, d: string) => groups(Number(d)));
        at = matcher.end();
        n++;
        if (matcher.end() === matcher.start()) break;
      }
      if (n === 0) return null;
      return { span: m.span, text: out + matched.slice(at) };
    },
  };
}
