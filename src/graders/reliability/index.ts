import type { Rule } from '../../engine/rule.js';

export const reliabilityRules = [] as unknown as Rule[];
