/**
 * One integer per Babel node type, looked up once per node by the walk and handed to every visitor
 * of the model's traversal (the model's, the semantic layer's, cyclomatic and cognitive): flag bits
 * for the type sets the visitors test, and the semantic layer's node and parent codes. A node costs
 * one Map lookup instead of a dozen Set lookups of its type and its parent's.
 */
import { NODE_CODES, PARENT_CODES } from './semantic/codes.js';

/** Nodes ESLint treats as functions (code paths with origin "function"). */
export const FUNCTION_TYPES = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ObjectMethod',
  'ClassMethod',
  'ClassPrivateMethod',
]);

/** Function nodes whose `key` and `decorators` are evaluated outside the function (ESTree: on the MethodDefinition / Property). */
export const METHOD_TYPES = new Set(['ObjectMethod', 'ClassMethod', 'ClassPrivateMethod']);

/** Statements (a file's `lloc`). */
export const STATEMENTS = new Set([
  'ExpressionStatement',
  'VariableDeclaration',
  'FunctionDeclaration',
  'ClassDeclaration',
  'ReturnStatement',
  'IfStatement',
  'ForStatement',
  'ForInStatement',
  'ForOfStatement',
  'WhileStatement',
  'DoWhileStatement',
  'SwitchStatement',
  'ThrowStatement',
  'TryStatement',
  'BreakStatement',
  'ContinueStatement',
  'DebuggerStatement',
  'WithStatement',
  'ImportDeclaration',
  'ExportAllDeclaration',
  'TSTypeAliasDeclaration',
  'TSInterfaceDeclaration',
  'TSEnumDeclaration',
  'TSModuleDeclaration',
  'TSDeclareFunction',
  'TSImportEqualsDeclaration',
  'TSExportAssignment',
  'TSNamespaceExportDeclaration',
  'ClassMethod',
  'ClassPrivateMethod',
  'ClassProperty',
  'ClassPrivateProperty',
  'ClassAccessorProperty',
  'StaticBlock',
  'TSDeclareMethod',
]);

const LOOPS = ['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement'];

/** Statements that nest (a function's `maxNesting`). */
export const CONTROL = new Set([...LOOPS, 'IfStatement', 'TryStatement', 'SwitchStatement', 'WithStatement']);

/** Class members whose value is an attribute (and whose function value is a method of the class). */
export const CLASS_FIELD = new Set(['ClassProperty', 'ClassPrivateProperty', 'ClassAccessorProperty']);

/** Class fields whose value is a code path of its own for ESLint's complexity (not `accessor` ones). */
export const FIELD_TYPES = new Set(['ClassProperty', 'ClassPrivateProperty']);

/** Always a cyclomatic decision point. */
export const CYCLOMATIC_ALWAYS = new Set([
  ...LOOPS,
  'CatchClause',
  'ConditionalExpression',
  'LogicalExpression',
  'IfStatement',
  'AssignmentPattern',
]);

/** A cyclomatic decision point depending on a field (a case's test, an assignment's operator, `optional`). */
const CYCLOMATIC_MAYBE = [
  'SwitchCase',
  'AssignmentExpression',
  'OptionalMemberExpression',
  'OptionalCallExpression',
  'MemberExpression',
  'CallExpression',
];

/** Types the model's own visit does something for beyond the flags above (classes, imports and exports, calls, branches). */
const MODEL_TYPES = [
  'ClassDeclaration',
  'ClassExpression',
  'ImportDeclaration',
  'ExportAllDeclaration',
  'ExportNamedDeclaration',
  'ExportDefaultDeclaration',
  'TSExportAssignment',
  'TSImportEqualsDeclaration',
  'AssignmentExpression',
  'CallExpression',
  'OptionalCallExpression',
  'NewExpression',
  'ConditionalExpression',
  'LogicalExpression',
  'SwitchCase',
  'CatchClause',
  'ReturnStatement',
];

/** Types the cognitive visitor counts (increments or nesting). */
const COGNITIVE_TYPES = [
  ...LOOPS,
  'IfStatement',
  'CatchClause',
  'SwitchStatement',
  'ContinueStatement',
  'BreakStatement',
  'ConditionalExpression',
  'LogicalExpression',
];

export const F_STATEMENT = 1;
export const F_FUNCTION = 2;
export const F_METHOD = 4;
export const F_CLASS_FIELD = 8;
export const F_FIELD = 16;
export const F_CONTROL = 32;
export const F_LOOP = 64;
export const F_CYCLOMATIC = 128;
export const F_CYCLOMATIC_MAYBE = 256;
/** Something for the model's visit: a class, field, loop, control statement or one of MODEL_TYPES. */
export const F_MODEL = 512;
export const F_COGNITIVE = 1024;
/** The semantic layer's node code (`NODE_CODES`) is `(info >>> NODE_SHIFT) & CODE_MASK`. */
export const NODE_SHIFT = 12;
/** The semantic layer's parent code (`PARENT_CODES`) is `info >>> PARENT_SHIFT`. */
export const PARENT_SHIFT = 20;
export const CODE_MASK = 0xff;

function build(): Map<string, number> {
  const info = new Map<string, number>();
  const flag = (types: Iterable<string>, bit: number): void => {
    for (const t of types) info.set(t, (info.get(t) ?? 0) | bit);
  };
  flag(STATEMENTS, F_STATEMENT);
  flag(FUNCTION_TYPES, F_FUNCTION);
  flag(METHOD_TYPES, F_METHOD);
  flag(CLASS_FIELD, F_CLASS_FIELD | F_MODEL);
  flag(FIELD_TYPES, F_FIELD);
  flag(CONTROL, F_CONTROL | F_MODEL);
  flag(LOOPS, F_LOOP | F_MODEL);
  flag(CYCLOMATIC_ALWAYS, F_CYCLOMATIC);
  flag(CYCLOMATIC_MAYBE, F_CYCLOMATIC_MAYBE);
  flag(MODEL_TYPES, F_MODEL);
  flag(COGNITIVE_TYPES, F_COGNITIVE);
  for (const [type, code] of NODE_CODES) {
    if (code > CODE_MASK) throw new Error(`node code ${code} of ${type} does not fit`);
    info.set(type, (info.get(type) ?? 0) | (code << NODE_SHIFT));
  }
  for (const [type, code] of PARENT_CODES) {
    if (code > CODE_MASK) throw new Error(`parent code ${code} of ${type} does not fit`);
    info.set(type, (info.get(type) ?? 0) | (code << PARENT_SHIFT));
  }
  return info;
}

/** The info of every node type that has any; others have 0. */
export const TYPE_INFO: ReadonlyMap<string, number> = build();

export function infoOf(type: string): number {
  return TYPE_INFO.get(type) ?? 0;
}
