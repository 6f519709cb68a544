// Injected by scripts/bundle.mjs where a bundled CommonJS package requires a Node module.
import { createRequire } from 'node:module';

export const __nodeRequire = createRequire(import.meta.url);
