import type { Rule } from '../engine/rule.js';
import { complexityRules } from './complexity/index.js';
import { qualityRules } from './quality/index.js';
import { readabilityRules } from './readability/index.js';
import { reliabilityRules } from './reliability/index.js';
import { securityRules } from './security/index.js';
import { speedRules } from './speed/index.js';

/** The built-in rule catalogue: static imports, one rule per file, one list per dimension, sorted by id. */
export const BUILTIN_RULES: readonly Rule[] = [
  ...complexityRules,
  ...readabilityRules,
  ...qualityRules,
  ...reliabilityRules,
  ...speedRules,
  ...securityRules,
].sort((a, b) => (a.id < b.id ? -1 : 1));
