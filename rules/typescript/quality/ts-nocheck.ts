// ruleid: ts-nocheck
// @ts-nocheck
export const answer: number = 42;

// ok: ts-nocheck
// @ts-check
export const other = 'x';

// ok: ts-nocheck
const note = '// @ts-nocheck is banned here';
export { note };
