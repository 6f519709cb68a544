#!/usr/bin/env node
// onnxruntime-node crashes when the command line is long (about 29 KB on the main thread, 14.5 KB in
// a worker): above 8 KB, relaunch with the arguments in a private temp file (src/neural/long-argv.ts).
// dist/bundle/ is the compiled CLI bundled into a few modules (scripts/bundle.mjs): faster to load.
import { main, readRelaunchedArgs, relaunchIfLong } from '../dist/bundle/main.js';

const relaunched = relaunchIfLong();
process.exitCode = relaunched ? await relaunched : await main(readRelaunchedArgs());
