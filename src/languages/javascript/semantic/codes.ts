/**
 * The JS/TS semantic layer's vocabulary: the node types the co-visitor handles, as small integers (a
 * jump table instead of string compares), the parent types that change a child's role, and the
 * operator and name sets the facts are classified by.
 */
import type { Expression } from '../../../model/types.js';

export const NEEDS_COLLAPSE = /\s\s|[^\S ]/;
export const COMPARISON_OPS = new Set(['==', '!=', '===', '!==', '<', '<=', '>', '>=', 'in', 'instanceof']);
export const ARITHMETIC_OPS = new Set(['+', '-', '*', '/', '%', '**', '<<', '>>', '>>>', '&', '|', '^']);
export const LOGICAL_ASSIGN = new Set(['&&=', '||=', '??=']);
export const TS_WRAPPERS = new Set([
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'ParenthesizedExpression',
]);
export const TYPE_KEYS = new Set([
  'typeAnnotation',
  'returnType',
  'typeParameters',
  'superTypeParameters',
  'typeArguments',
  'superTypeArguments',
  'implements',
]);
export const HERITAGE = new Set(['TSExpressionWithTypeArguments', 'TSClassImplements', 'TSInterfaceHeritage']);
/** Statement lists: `key` of `parent` holding a list whose next statement a jump makes unreachable. */
export const LIST_PARENTS = new Set(['BlockStatement', 'Program', 'StaticBlock', 'TSModuleBlock']);

/** Node types the co-visitor handles, as small integers (a jump table instead of string compares). */
export const N_VARIABLE_DECLARATION = 1;
export const N_VARIABLE_DECLARATOR = 2;
export const N_CLASS_DECLARATION = 3;
export const N_CLASS_EXPRESSION = 4;
export const N_CLASS_BODY = 5;
export const N_T_S_ENUM_DECLARATION = 6;
export const N_T_S_MODULE_DECLARATION = 7;
export const N_T_S_MODULE_BLOCK = 8;
export const N_T_S_PARAMETER_PROPERTY = 9;
export const N_IMPORT_DECLARATION = 10;
export const N_T_S_IMPORT_EQUALS_DECLARATION = 11;
export const N_T_S_EXTERNAL_MODULE_REFERENCE = 12;
export const N_EXPORT_ALL_DECLARATION = 13;
export const N_J_S_X_CLOSING_ELEMENT = 14;
export const N_PRIVATE_NAME = 15;
export const N_EXPORT_NAMED_DECLARATION = 16;
export const N_BLOCK_STATEMENT = 17;
export const N_STATIC_BLOCK = 18;
export const N_SWITCH_STATEMENT = 19;
export const N_IF_STATEMENT = 20;
export const N_WITH_STATEMENT = 21;
export const N_TRY_STATEMENT = 22;
export const N_CATCH_CLAUSE = 23;
export const N_J_S_X_IDENTIFIER = 24;
export const N_ASSIGNMENT_EXPRESSION = 25;
export const N_BINARY_EXPRESSION = 26;
export const N_CALL_EXPRESSION = 27;
export const N_OPTIONAL_CALL_EXPRESSION = 28;
export const N_NEW_EXPRESSION = 29;
export const N_AWAIT_EXPRESSION = 30;
export const N_RETURN_STATEMENT = 32;
export const N_THROW_STATEMENT = 33;
export const N_BREAK_STATEMENT = 34;
export const N_CONTINUE_STATEMENT = 35;
export const N_STRING_LITERAL = 36;
export const N_TEMPLATE_LITERAL = 37;
export const N_DIRECTIVE_LITERAL = 38;
export const N_NUMERIC_LITERAL = 39;
export const N_BIG_INT_LITERAL = 40;
export const N_OBJECT_EXPRESSION = 41;
export const N_ARRAY_EXPRESSION = 42;
export const N_FUNCTION = 100;
export const N_LOOP = 101;
export const N_TYPE_DECL = 102;
export const NODE_CODES = new Map<string, number>([
  ['FunctionDeclaration', N_FUNCTION],
  ['FunctionExpression', N_FUNCTION],
  ['ArrowFunctionExpression', N_FUNCTION],
  ['ObjectMethod', N_FUNCTION],
  ['ClassMethod', N_FUNCTION],
  ['ClassPrivateMethod', N_FUNCTION],
  ['ForStatement', N_LOOP],
  ['ForInStatement', N_LOOP],
  ['ForOfStatement', N_LOOP],
  ['WhileStatement', N_LOOP],
  ['DoWhileStatement', N_LOOP],
  ['TSInterfaceDeclaration', N_TYPE_DECL],
  ['TSTypeAliasDeclaration', N_TYPE_DECL],
  ['TSDeclareFunction', N_TYPE_DECL],
  ['TSDeclareMethod', N_TYPE_DECL],
  ['TSIndexSignature', N_TYPE_DECL],
  ['VariableDeclaration', N_VARIABLE_DECLARATION],
  ['VariableDeclarator', N_VARIABLE_DECLARATOR],
  ['ClassDeclaration', N_CLASS_DECLARATION],
  ['ClassExpression', N_CLASS_EXPRESSION],
  ['ClassBody', N_CLASS_BODY],
  ['TSEnumDeclaration', N_T_S_ENUM_DECLARATION],
  ['TSModuleDeclaration', N_T_S_MODULE_DECLARATION],
  ['TSModuleBlock', N_T_S_MODULE_BLOCK],
  ['TSParameterProperty', N_T_S_PARAMETER_PROPERTY],
  ['ImportDeclaration', N_IMPORT_DECLARATION],
  ['TSImportEqualsDeclaration', N_T_S_IMPORT_EQUALS_DECLARATION],
  ['TSExternalModuleReference', N_T_S_EXTERNAL_MODULE_REFERENCE],
  ['ExportAllDeclaration', N_EXPORT_ALL_DECLARATION],
  ['JSXClosingElement', N_J_S_X_CLOSING_ELEMENT],
  ['PrivateName', N_PRIVATE_NAME],
  ['ExportNamedDeclaration', N_EXPORT_NAMED_DECLARATION],
  ['BlockStatement', N_BLOCK_STATEMENT],
  ['StaticBlock', N_STATIC_BLOCK],
  ['SwitchStatement', N_SWITCH_STATEMENT],
  ['IfStatement', N_IF_STATEMENT],
  ['WithStatement', N_WITH_STATEMENT],
  ['TryStatement', N_TRY_STATEMENT],
  ['CatchClause', N_CATCH_CLAUSE],
  ['JSXIdentifier', N_J_S_X_IDENTIFIER],
  ['AssignmentExpression', N_ASSIGNMENT_EXPRESSION],
  ['BinaryExpression', N_BINARY_EXPRESSION],
  ['CallExpression', N_CALL_EXPRESSION],
  ['OptionalCallExpression', N_OPTIONAL_CALL_EXPRESSION],
  ['NewExpression', N_NEW_EXPRESSION],
  ['AwaitExpression', N_AWAIT_EXPRESSION],
  ['ReturnStatement', N_RETURN_STATEMENT],
  ['ThrowStatement', N_THROW_STATEMENT],
  ['BreakStatement', N_BREAK_STATEMENT],
  ['ContinueStatement', N_CONTINUE_STATEMENT],
  ['StringLiteral', N_STRING_LITERAL],
  ['TemplateLiteral', N_TEMPLATE_LITERAL],
  ['DirectiveLiteral', N_DIRECTIVE_LITERAL],
  ['NumericLiteral', N_NUMERIC_LITERAL],
  ['BigIntLiteral', N_BIG_INT_LITERAL],
  ['ObjectExpression', N_OBJECT_EXPRESSION],
  ['ArrayExpression', N_ARRAY_EXPRESSION],
]);

/** Parent types whose children change role (child context), as small integers. */
export const P_VARIABLE_DECLARATOR = 1;
export const P_FUNCTION_DECLARATION = 2;
export const P_FUNCTION_EXPRESSION = 3;
export const P_ARROW_FUNCTION_EXPRESSION = 4;
export const P_OBJECT_METHOD = 5;
export const P_CLASS_METHOD = 6;
export const P_CLASS_PRIVATE_METHOD = 7;
export const P_CATCH_CLAUSE = 8;
export const P_ASSIGNMENT_EXPRESSION = 9;
export const P_UPDATE_EXPRESSION = 10;
export const P_ASSIGNMENT_PATTERN = 11;
export const P_OBJECT_PROPERTY = 12;
export const P_MEMBER_EXPRESSION = 13;
export const P_OPTIONAL_MEMBER_EXPRESSION = 14;
export const P_DECORATOR = 15;
export const P_IF_STATEMENT = 16;
export const P_CONDITIONAL_EXPRESSION = 17;
export const P_TRY_STATEMENT = 18;
export const P_FOR_STATEMENT = 19;
export const P_FOR_IN_STATEMENT = 20;
export const P_FOR_OF_STATEMENT = 21;
export const P_WHILE_STATEMENT = 22;
export const P_DO_WHILE_STATEMENT = 23;
export const PARENT_CODES = new Map<string, number>([
  ['VariableDeclarator', P_VARIABLE_DECLARATOR],
  ['FunctionDeclaration', P_FUNCTION_DECLARATION],
  ['FunctionExpression', P_FUNCTION_EXPRESSION],
  ['ArrowFunctionExpression', P_ARROW_FUNCTION_EXPRESSION],
  ['ObjectMethod', P_OBJECT_METHOD],
  ['ClassMethod', P_CLASS_METHOD],
  ['ClassPrivateMethod', P_CLASS_PRIVATE_METHOD],
  ['CatchClause', P_CATCH_CLAUSE],
  ['AssignmentExpression', P_ASSIGNMENT_EXPRESSION],
  ['UpdateExpression', P_UPDATE_EXPRESSION],
  ['AssignmentPattern', P_ASSIGNMENT_PATTERN],
  ['ObjectProperty', P_OBJECT_PROPERTY],
  ['MemberExpression', P_MEMBER_EXPRESSION],
  ['OptionalMemberExpression', P_OPTIONAL_MEMBER_EXPRESSION],
  ['Decorator', P_DECORATOR],
  ['IfStatement', P_IF_STATEMENT],
  ['ConditionalExpression', P_CONDITIONAL_EXPRESSION],
  ['TryStatement', P_TRY_STATEMENT],
  ['ForStatement', P_FOR_STATEMENT],
  ['ForInStatement', P_FOR_IN_STATEMENT],
  ['ForOfStatement', P_FOR_OF_STATEMENT],
  ['WhileStatement', P_WHILE_STATEMENT],
  ['DoWhileStatement', P_DO_WHILE_STATEMENT],
]);

/** JS has no keyword arguments: every call shares this frozen empty list. */
export const NO_KEYWORD_ARGS = Object.freeze([]) as unknown as Array<{ name: string; value: Expression }>;
