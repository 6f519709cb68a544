import type { Rule } from '../../engine/rule.js';
import unusualToken from './unusual-token.js';

/**
 * The neural rules: catalogued like built-in rules (`rules list` shows them with source `neural`),
 * switched on and off per rule in the config, but reported by the model pass. Importing this list
 * never loads onnxruntime; the model is loaded only when at least one of these rules is on.
 */
export const NEURAL_RULES: readonly Rule[] = [unusualToken];

export const NEURAL_RULE_IDS: ReadonlySet<string> = new Set(NEURAL_RULES.map((r) => r.id));
