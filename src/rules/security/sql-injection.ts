import type { CallNode, Expression } from '../../model/types.js';
import { defineRule } from '../../engine/rule.js';
import { contains, isInterpolated, short } from '../shared/model-query.js';

const SINKS = new Set([
  'execute',
  'executemany',
  'executescript',
  'query',
  'raw',
  'extra',
  'rawQuery',
  '$queryRawUnsafe',
  '$executeRawUnsafe',
  'unsafe',
  'exec_driver_sql',
  'read_sql',
  'read_sql_query',
]);
const SQL =
  /\b(select\s+[\w*]|insert\s+into|update\s+[\w"`[.]+\s+set|delete\s+from|drop\s+(table|database|index)|create\s+(table|index|view)|alter\s+table|truncate\s+table|where\s+[\w"`.]+\s*(=|like|in\b)|pragma\s+\w|replace\s+into)/i;

export default defineRule({
  id: 'sql-injection',
  dimension: 'security',
  meta: {
    description: 'An SQL statement built by string formatting or concatenation is passed to `execute`/`query`/`raw`.',
    why: "Formatting values into SQL lets a value such as `' OR 1=1 --` change the statement: data is read, changed or deleted. Placeholders (`?`, `%s`, `$1`) send values separately so they are never parsed as SQL.",
    severity: 'error',
    languages: ['python', 'javascript', 'typescript'],
    messages: { sqli: '`{callee}` runs SQL built from `{sql}`.' },
  },
  defaultOptions: {},
  create(ctx) {
    const file = ctx.file;
    const python = file.language === 'python';
    /** The SQL text: the argument itself, or the value of the local variable it names (one hop, same function). */
    const resolve = (call: CallNode): Expression | null => {
      const e = call.argExprs?.[0];
      const text = (e?.text ?? call.args[0] ?? '').trim();
      if (e && e.kind !== 'identifier') return e;
      if (!e && !/^[A-Za-z_$][\w$]*$/.test(text)) return { kind: guessKind(text), text, span: call.span };
      const defs = file.assignments.filter(
        (a) => a.function === call.function && a.targets.length === 1 && a.targets[0] === text && a.value && a.span.line < call.span.line,
      );
      // The definition in force at the call: the last `=`, or a later `+=` that appends formatted text.
      const lastSet = [...defs].reverse().find((d) => d.operator === '=');
      const appended = defs.filter(
        (d) => d.operator === '+=' && d.value && d.value.kind !== 'string' && (!lastSet || d.span.line > lastSet.span.line),
      );
      return appended[appended.length - 1]?.value ?? lastSet?.value ?? null;
    };
    const guessKind = (t: string): Expression['kind'] => {
      if (python ? /^[rRbBuU]?f['"]/.test(t) : /^`.*\$\{/s.test(t)) return 'template';
      if (/['"`]\s*(\+|%)|\+\s*['"`]/.test(t)) return 'binary';
      if (/['"]\s*\.format\(/.test(t)) return 'call';
      return 'other';
    };
    return {
      call(call) {
        if (!SINKS.has(call.name) || call.argCount === 0) return;
        if (!python && call.name === 'exec') return;
        const e = resolve(call);
        if (!e || !isInterpolated(e) || !SQL.test(e.text)) return;
        // Every placeholder inside double quotes (`"{0}"`, `"%s"`): an escaped SQL identifier (table/column name), which
        // placeholders cannot carry; a value would be in single quotes or bare.
        const holes = e.text.match(/"?(\{[^{}]*\}|%[sd]|\$\{[^}]*\})"?/g) ?? [];
        if (holes.length > 0 && holes.every((h) => h.startsWith('"') && h.endsWith('"'))) return;
        // The function escapes identifiers itself (`name.replace('"', '""')`): deliberate identifier interpolation.
        const fn = call.function === null ? null : file.functions[call.function];
        const from = fn ? fn.span.line : 1;
        const to = fn ? fn.span.endLine : file.lines.length;
        if (
          file.lines
            .slice(from - 1, to)
            .some((l) => /\.replace\(\s*(['"])(\\?")\1\s*,\s*(['"])\2\2\3\s*\)|\.replace\(\s*'"'\s*,\s*'""'\s*\)/.test(l))
        )
          return;
        // Only static parts interpolated (table names from a constant, `?` lists): still flagged; placeholders cover values, identifiers need an allow-list.
        const inCall = contains(call.span, e.span);
        ctx.report({
          node: call,
          messageId: 'sqli',
          data: { callee: call.callee || call.name, sql: short(e.text, 60) },
          suggestion: python
            ? `Use placeholders and pass the values separately: \`${call.callee || call.name}("… WHERE col = ?", (value,))\` (\`%s\` for psycopg/MySQL); for table or column names, check them against an allow-list${inCall ? '' : ` where the SQL is built (line ${e.span.line})`}.`
            : `Use placeholders and pass the values separately: \`${call.callee || call.name}('… WHERE col = $1', [value])\` (\`?\` for MySQL/SQLite); for identifiers, check them against an allow-list${inCall ? '' : ` where the SQL is built (line ${e.span.line})`}.`,
        });
      },
    };
  },
});
