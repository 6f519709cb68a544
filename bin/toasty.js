#!/usr/bin/env node
// onnxruntime-node crashes when the command line is long (about 29 KB on the main thread, 14.5 KB in
// a worker): above 8 KB, relaunch with the arguments in a private temp file (src/neural/long-argv.ts).
import { readRelaunchedArgs, relaunchIfLong } from '../dist/neural/long-argv.js';

const relaunched = relaunchIfLong();
if (relaunched) {
  process.exitCode = await relaunched;
} else {
  const { main } = await import('../dist/cli/main.js');
  process.exitCode = await main(readRelaunchedArgs());
}
