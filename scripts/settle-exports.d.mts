import type { Program } from '@babel/types';

/** `code` (esbuild's CommonJS form of chunk `name`, parsed as `program`) with its constant exports made data properties. */
export function settleExports(name: string, code: string, program: Program): string;
