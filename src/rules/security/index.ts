import type { Rule } from '../../engine/rule.js';
import commandInjection from './command-injection.js';
import dangerouslySetInnerHtml from './dangerously-set-inner-html.js';
import documentWrite from './document-write.js';
import dynamicCodeExecution from './dynamic-code-execution.js';
import hardcodedSecret from './hardcoded-secret.js';
import innerHtmlAssignment from './inner-html-assignment.js';
import insecureRandom from './insecure-random.js';
import insecureTempfile from './insecure-tempfile.js';
import jwtWithoutVerification from './jwt-without-verification.js';
import permissiveFileMode from './permissive-file-mode.js';
import sqlInjection from './sql-injection.js';
import tlsVerificationDisabled from './tls-verification-disabled.js';
import unsafeDeserialization from './unsafe-deserialization.js';
import unsafeYamlLoad from './unsafe-yaml-load.js';
import weakHash from './weak-hash.js';

export const securityRules = [
  commandInjection,
  dangerouslySetInnerHtml,
  documentWrite,
  dynamicCodeExecution,
  hardcodedSecret,
  innerHtmlAssignment,
  insecureRandom,
  insecureTempfile,
  jwtWithoutVerification,
  permissiveFileMode,
  sqlInjection,
  tlsVerificationDisabled,
  unsafeDeserialization,
  unsafeYamlLoad,
  weakHash,
] satisfies Rule[];
