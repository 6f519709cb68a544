import type { MetricInfo } from '../../model/findings.js';
import type { Language, SourceFile, Span } from '../../model/types.js';
import { captureText, offsetAt } from '../text-index.js';
import type { LeafMatcher, Match } from './match.js';
import { re2Tester } from './regex.js';

export const METRIC_NODES = ['file', 'function', 'class', 'call', 'loop', 'import'] as const;
export type MetricNodeKind = (typeof METRIC_NODES)[number];

type Value = number | string | boolean;
interface Target {
  /** The whole node (for pattern-inside / pattern-not ranges). */
  span: Span;
  /** Where the finding is reported (a function's or class's name). */
  at?: Span;
  fields: Record<string, Value>;
}

/** The fields a `metric` condition can test, per model node kind (numbers, strings, booleans). */
function targets(file: SourceFile, kind: MetricNodeKind): Target[] {
  switch (kind) {
    case 'file': {
      const m = file.metrics;
      const last = file.lines.length || 1;
      return [
        {
          span: { line: 1, column: 1, endLine: last, endColumn: (file.lines[last - 1]?.length ?? 0) + 1 },
          fields: {
            loc: m.loc,
            sloc: m.sloc,
            lloc: m.lloc,
            comments: m.comments,
            blank: m.blank,
            maintainabilityIndex: m.maintainabilityIndex,
            commentRatio: m.commentRatio,
            halsteadVolume: m.halsteadVolume,
            cyclomaticTotal: m.cyclomaticTotal,
            functions: file.functions.length,
            classes: file.classes.length,
            imports: file.imports.length,
            path: file.path,
          },
        },
      ];
    }
    case 'function':
      return file.functions.map((f) => ({
        span: f.span,
        at: f.nameSpan,
        fields: {
          name: f.name,
          qualifiedName: f.qualifiedName,
          kind: f.kind,
          isAsync: f.isAsync,
          isGenerator: f.isGenerator,
          isExported: f.isExported,
          hasDoc: f.doc !== null,
          depth: f.depth,
          decorators: f.decorators.length,
          defaults: f.params.filter((p) => p.hasDefault).length,
          ...f.metrics,
        },
      }));
    case 'class':
      return file.classes.map((c) => ({
        span: c.span,
        at: c.nameSpan,
        fields: {
          name: c.name,
          qualifiedName: c.qualifiedName,
          isExported: c.isExported,
          hasDoc: c.doc !== null,
          methods: c.methods.length,
          attributes: c.attributes.length,
          bases: c.bases.length,
          decorators: c.decorators.length,
          loc: c.span.endLine - c.span.line + 1,
        },
      }));
    case 'call':
      return file.calls.map((c) => ({
        span: c.span,
        fields: {
          callee: c.callee,
          name: c.name,
          argCount: c.argCount,
          keywords: c.keywords.length,
          loopDepth: c.loopDepth,
          awaited: c.awaited,
          isStatement: c.isStatement,
          inFunction: c.function !== null,
        },
      }));
    case 'loop':
      return file.loops.map((l) => ({
        span: l.span,
        fields: { kind: l.kind, depth: l.depth, isAsync: l.isAsync, iterable: l.iterable, inFunction: l.function !== null },
      }));
    case 'import':
      return file.imports.map((i) => ({
        span: i.span,
        fields: { module: i.module, isWildcard: i.isWildcard, isTypeOnly: i.isTypeOnly, bindings: i.bindings.length },
      }));
  }
}

/** Field names (and their type) per node kind, from an empty model of each: the single source of truth is `targets`. */
const SAMPLE_FIELDS: Record<MetricNodeKind, Record<string, 'number' | 'string' | 'boolean'>> = (() => {
  const span: Span = { line: 1, column: 1, endLine: 1, endColumn: 1 };
  const metrics = { cyclomatic: 0, cognitive: 0, maxNesting: 0, params: 0, loc: 0, sloc: 0, returns: 0, halsteadVolume: 0 };
  const file = {
    path: '',
    language: 'python',
    text: '',
    lines: [''],
    functions: [
      {
        type: 'function',
        kind: 'function',
        name: '',
        qualifiedName: '',
        span,
        nameSpan: span,
        bodySpan: span,
        params: [],
        isAsync: false,
        isGenerator: false,
        isExported: false,
        doc: null,
        decorators: [],
        parentFunction: null,
        parentClass: null,
        depth: 0,
        metrics,
      },
    ],
    classes: [
      {
        type: 'class',
        name: '',
        qualifiedName: '',
        span,
        nameSpan: span,
        bases: [],
        isExported: false,
        doc: null,
        decorators: [],
        methods: [],
        attributes: [],
      },
    ],
    imports: [{ type: 'import', module: '', bindings: [], isWildcard: false, isTypeOnly: false, span }],
    calls: [
      {
        type: 'call',
        callee: '',
        name: '',
        argCount: 0,
        args: [],
        keywords: [],
        span,
        function: null,
        loopDepth: 0,
        awaited: false,
        isStatement: false,
      },
    ],
    loops: [{ type: 'loop', kind: 'for', span, iterable: '', targets: [], function: null, depth: 0, isAsync: false }],
    branches: [],
    comments: [],
    tokens: [],
    problems: [],
    parsed: true,
    metrics: {
      loc: 0,
      sloc: 0,
      lloc: 0,
      comments: 0,
      multi: 0,
      blank: 0,
      halsteadVolume: 0,
      cyclomaticTotal: 0,
      maintainabilityIndex: 0,
      commentRatio: 0,
    },
  } as unknown as SourceFile;
  const out = {} as Record<MetricNodeKind, Record<string, 'number' | 'string' | 'boolean'>>;
  for (const kind of METRIC_NODES) {
    const fields = targets(file, kind)[0]!.fields;
    out[kind] = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v as 'number' | 'string' | 'boolean']));
  }
  return out;
})();

export function metricFields(kind: MetricNodeKind): Record<string, 'number' | 'string' | 'boolean'> {
  return SAMPLE_FIELDS[kind];
}

interface Condition {
  field: string;
  op: string;
  test(value: Value): boolean;
  threshold: number | null;
}

const CONDITION = /^\s*([A-Za-z]+)\s*(>=|<=|==|!=|=~|>|<)\s*(.+?)\s*$/;

/** Parses `params > 6`, `kind == 'lambda'`, `name =~ '^test_'`; throws an Error naming what is wrong. */
export function parseCondition(text: string, kind: MetricNodeKind): Condition {
  const m = CONDITION.exec(text);
  if (!m) throw new Error(`\`${text}\` is not a condition; expected \`<field> <op> <value>\` with op one of > >= < <= == != =~`);
  const [, field, op, raw] = m as unknown as [string, string, string, string];
  const fields = SAMPLE_FIELDS[kind];
  const type = fields[field];
  if (!type) throw new Error(`unknown field \`${field}\` for ${kind}; expected one of: ${Object.keys(fields).join(', ')}`);
  const quoted = /^(['"])(.*)\1$/.exec(raw);
  if (op === '=~') {
    if (type !== 'string' || !quoted) throw new Error(`\`=~\` needs a string field and a quoted RE2 pattern, got \`${text}\``);
    const test = re2Tester(quoted[2]!);
    return { field, op, test: (v) => test(String(v)), threshold: null };
  }
  let value: Value;
  if (type === 'number') {
    value = Number(raw);
    if (!Number.isFinite(value)) throw new Error(`\`${field}\` is a number, got \`${raw}\``);
  } else if (type === 'boolean') {
    if (raw !== 'true' && raw !== 'false') throw new Error(`\`${field}\` is true or false, got \`${raw}\``);
    value = raw === 'true';
  } else {
    if (!quoted) throw new Error(`\`${field}\` is a string: quote the value, got \`${raw}\``);
    value = quoted[2]!;
  }
  if (type !== 'number' && op !== '==' && op !== '!=') throw new Error(`\`${field}\` can only be compared with == or !=, got \`${op}\``);
  const v = value;
  const compare: Record<string, (a: Value) => boolean> = {
    '>': (a) => (a as number) > (v as number),
    '>=': (a) => (a as number) >= (v as number),
    '<': (a) => (a as number) < (v as number),
    '<=': (a) => (a as number) <= (v as number),
    '==': (a) => a === v,
    '!=': (a) => a !== v,
  };
  return { field, op, test: compare[op]!, threshold: type === 'number' && op !== '==' && op !== '!=' ? (v as number) : null };
}

/** `$PARAMS`, `$QUALIFIED_NAME`: capture names of a node kind's fields. */
export function captureName(field: string): string {
  return field.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

export function metricMatcher(kind: MetricNodeKind, conditions: Condition[], languages: readonly Language[]): LeafMatcher {
  const scored = conditions.find((c) => c.threshold !== null);
  return {
    languages,
    captures: ['MATCH', ...Object.keys(SAMPLE_FIELDS[kind]).map(captureName)],
    find(file: SourceFile): Match[] {
      const out: Match[] = [];
      for (const target of targets(file, kind)) {
        if (!conditions.every((c) => c.test(target.fields[c.field]!))) continue;
        const { span } = target;
        const start = offsetAt(file, span.line, span.column);
        const end = offsetAt(file, span.endLine, span.endColumn);
        const captures: Record<string, string> = { MATCH: captureText(file.text.slice(start, end)) };
        for (const [k, v] of Object.entries(target.fields))
          captures[captureName(k)] = typeof v === 'number' ? String(Math.round(v * 100) / 100) : String(v);
        let metric: MetricInfo | undefined;
        if (scored) {
          const value = target.fields[scored.field] as number;
          metric = {
            name: scored.field,
            value,
            threshold: scored.threshold!,
            ...(scored.op.startsWith('<') ? { lowerIsWorse: true } : {}),
          };
        }
        out.push({ start, end, span: target.at ?? span, captures, ...(metric ? { metric } : {}) });
      }
      return out;
    },
  };
}
