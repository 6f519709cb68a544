/**
 * Gives a tree-sitter parser the Python grammar without the binding's node classes. `setLanguage`
 * compiles a JS subclass per named node type (`new Function`, with field getters such as `nameNode`)
 * from the grammar's node-types.json, once per process: about 6 ms of every cold Python run, for
 * getters nothing here reads (the front-end walks with a cursor; the native query path reads `type`,
 * `text` and offsets). With the table hidden while it runs, every node of a tree is a plain
 * SyntaxNode, with the same `type`, `text` and positions (tests/languages/python/set-language.test.ts).
 */
export function setPythonLanguage<P extends { setLanguage(language: never): unknown }>(parser: P, python: unknown): P {
  const language = python as { nodeTypeInfo?: unknown };
  const info = language.nodeTypeInfo;
  delete language.nodeTypeInfo;
  try {
    parser.setLanguage(python as never);
  } finally {
    language.nodeTypeInfo = info;
  }
  return parser;
}
