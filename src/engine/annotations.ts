/**
 * Fixture annotations (Semgrep's convention), parsed in one place for the rule tester, the rule
 * docs and `toasty rules test`. A comment on its own line (`#`, `//`, `/* … *\/`, or JSX's
 * `{/* … *\/}`) applies to the next line that is neither blank nor another annotation:
 *
 * - `ruleid: <id>`      the rule reports that line (a true positive);
 * - `ok: <id>`          the rule does not report it (a true negative);
 * - `todoruleid: <id>`  a known miss: not reported yet, tolerated if it is;
 * - `options: <id> {json}`  the rule's options for the whole fixture.
 */

export const ANNOTATION_KINDS = ['ruleid', 'ok', 'todoruleid', 'options'] as const;
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];

export interface Annotation {
  kind: AnnotationKind;
  ruleId: string;
  /** What follows the id (the JSON of `options:`), trimmed; '' when nothing does. */
  rest: string;
  /** 1-based line of the annotation itself. */
  line: number;
  /** 1-based line it applies to: the next line that is not blank and not an annotation. */
  target: number;
}

const ANNOTATION = /^\s*(?:\{\s*)?(?:#|\/\/|\/\*)\s*(ruleid|ok|todoruleid|options)\s*:\s*([\w/.-]+)(.*)$/;

function match(line: string): { kind: AnnotationKind; ruleId: string; rest: string } | null {
  const m = ANNOTATION.exec(line);
  if (!m) return null;
  const rest = m[3]!.replace(/\s*(?:\*\/\s*\}?)?\s*$/, '').trim();
  return { kind: m[1] as AnnotationKind, ruleId: m[2]!, rest };
}

/** Whether the line is an annotation comment (of any rule). */
export function isAnnotation(line: string): boolean {
  return ANNOTATION.test(line);
}

/** Every annotation of a fixture, in order; `lines` is the fixture split on '\n'. */
export function parseAnnotations(lines: readonly string[]): Annotation[] {
  const out: Annotation[] = [];
  lines.forEach((text, i) => {
    const m = match(text);
    if (!m) return;
    let target = i + 2;
    for (let j = i + 1; j < lines.length; j++) {
      const l = lines[j]!;
      if (l.trim() === '' || isAnnotation(l)) continue;
      target = j + 1;
      break;
    }
    out.push({ ...m, line: i + 1, target });
  });
  return out;
}
