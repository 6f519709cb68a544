/**
 * Imports plugin modules one by one on a throwaway thread, saying which are loaded, so that the
 * main thread can give up (and name the plugin) when one never finishes loading.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

const { paths } = workerData as { paths: string[] };
for (const [index, path] of paths.entries()) {
  try {
    await import(pathToFileURL(path).href);
  } catch {
    // The main thread imports it again and reports the error with the config key.
  }
  parentPort!.postMessage({ loaded: index });
}
