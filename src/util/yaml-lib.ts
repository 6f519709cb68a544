import { createRequire } from 'node:module';

/**
 * The yaml library is about 20 modules: only runs that parse YAML (a config file, a user rule file,
 * a bundled pack edited since the build's snapshot) or report a problem in one load it.
 */
const require = createRequire(import.meta.url);

let lib: typeof import('yaml') | null = null;

export function yamlLib(): typeof import('yaml') {
  lib ??= require('yaml') as typeof import('yaml');
  return lib;
}
