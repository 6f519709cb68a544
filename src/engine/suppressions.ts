import type { RawFinding } from '../model/findings.js';
import type { Language, SourceFile } from '../model/types.js';

export type SuppressionScope = 'line' | 'next-line' | 'file';

export interface Suppression {
  scope: SuppressionScope;
  /** Line of the directive comment. */
  line: number;
  /** Line the directive applies to (0 for the whole file). */
  target: number;
  /** Rule ids; empty means every rule. */
  rules: string[];
  reason: string | null;
  used: boolean;
}

// Python: `# toasty: ignore[rule-a, rule-b] -- reason`, `# toasty: ignore-next-line[...]`, `# toasty: ignore-file[...]`
const PYTHON_DIRECTIVE = /toasty:\s*ignore(-next-line|-file)?(?:\[([^\]]*)\])?(?:\s*--\s*(.*))?/;
// JS/TS: `// toasty-ignore-next-line rule-a, rule-b -- reason`, `// toasty-ignore-line ...`, `/* toasty-ignore-file ... */`
const JS_DIRECTIVE = /toasty-ignore-(next-line|line|file)\b([^\n]*?)(?:\s--\s*(.*?))?\s*(?:\*\/)?$/;

function splitRules(list: string | undefined): string[] {
  return (list ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseDirective(text: string, language: Language, line: number): Suppression | null {
  if (language === 'python') {
    const m = PYTHON_DIRECTIVE.exec(text);
    if (!m) return null;
    const scope: SuppressionScope = m[1] === '-file' ? 'file' : m[1] === '-next-line' ? 'next-line' : 'line';
    return make(scope, line, splitRules(m[2]), m[3]);
  }
  const m = JS_DIRECTIVE.exec(text.trim());
  if (!m) return null;
  const scope: SuppressionScope = m[1] === 'file' ? 'file' : m[1] === 'next-line' ? 'next-line' : 'line';
  return make(scope, line, splitRules(m[2]), m[3]);
}

function make(scope: SuppressionScope, line: number, rules: string[], reason: string | undefined): Suppression {
  const target = scope === 'file' ? 0 : scope === 'next-line' ? line + 1 : line;
  return { scope, line, target, rules, reason: reason?.trim() || null, used: false };
}

export function collectSuppressions(file: SourceFile): Suppression[] {
  const found: Suppression[] = [];
  for (const comment of file.comments) {
    if (comment.isDoc) continue;
    const directive = parseDirective(comment.text, file.language, comment.span.line);
    if (directive) found.push(directive);
  }
  return found;
}

/** The suppression that silences this finding, marking it used; null when none does. */
export function matchSuppression(finding: RawFinding, suppressions: Suppression[]): Suppression | null {
  for (const s of suppressions) {
    if (s.target !== 0 && s.target !== finding.line) continue;
    if (s.rules.length > 0 && !s.rules.includes(finding.ruleId)) continue;
    s.used = true;
    return s;
  }
  return null;
}
