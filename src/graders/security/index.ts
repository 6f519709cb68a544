import type { Rule } from '../../engine/rule.js';

export const securityRules = [] as unknown as Rule[];
