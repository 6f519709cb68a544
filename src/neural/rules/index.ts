import type { Rule } from '../../engine/rule.js';
import swappedArguments from '../detectors/rules/swapped-arguments.js';
import wrongBooleanOperator from '../detectors/rules/wrong-boolean-operator.js';
import wrongEqualityOperator from '../detectors/rules/wrong-equality-operator.js';
import wrongArithmeticOperator from '../detectors/rules/wrong-arithmetic-operator.js';
import wrongComparisonOperator from '../detectors/rules/wrong-comparison-operator.js';
import wrongVariable from '../detectors/rules/wrong-variable.js';
import unusualToken from './unusual-token.js';

/**
 * The neural rules: catalogued like built-in rules (`rules list` shows them with source `neural`),
 * switched on and off per rule in the config, but reported by the model pass. Importing this list
 * never loads onnxruntime; the model is loaded only when at least one of these rules is on.
 */
export const NEURAL_RULES: readonly Rule[] = [
  wrongComparisonOperator,
  wrongArithmeticOperator,
  swappedArguments,
  wrongEqualityOperator,
  wrongBooleanOperator,
  wrongVariable,
  unusualToken,
];

export const NEURAL_RULE_IDS: ReadonlySet<string> = new Set(NEURAL_RULES.map((r) => r.id));
