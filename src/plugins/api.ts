/**
 * The plugin API (`toasty/plugin`): everything a plugin author needs to write
 * rules that run in toasty's single traversal, fully typed.
 *
 * ```js
 * import { definePlugin, defineRule } from 'toasty/plugin';
 * export default definePlugin({ name: 'acme', rules: [defineRule({ ... })] });
 * ```
 */
import type { Rule } from '../engine/rule.js';

export { defineRule } from '../engine/rule.js';
export type { ReportDescriptor, Rule, RuleContext, RuleMeta, RuleOptions, Visitors } from '../engine/rule.js';
export type { Dimension, MetricInfo, Severity } from '../model/findings.js';
export type {
  CallNode,
  ClassNode,
  CommentNode,
  FunctionMetrics,
  FunctionNode,
  ImportNode,
  Language,
  LoopNode,
  BranchNode,
  ModelNodes,
  Param,
  SourceFile,
  Span,
  Token,
} from '../model/types.js';

/** What a plugin module exports (as its default export, or as a named `rules` export). */
export interface ToastyPlugin {
  /** Shown in `rules list` and in failure messages; defaults to the module specifier from the config. */
  name?: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each rule has its own option and message types
  rules: readonly Rule<any, any>[];
}

/** Identity function that type-checks a plugin. */
export function definePlugin<P extends ToastyPlugin>(plugin: P): P {
  return plugin;
}
