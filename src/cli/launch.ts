/**
 * The entry point of the bundled CLI (bin/toasty.js → dist/bundle/main.js and its CommonJS twin
 * dist/bundle/cjs/main.cjs, built by scripts/bundle.mjs): the command line's relaunch check and the program, from one module.
 */
export { main } from './main.js';
export { readRelaunchedArgs, relaunchIfLong } from '../neural/long-argv.js';
