import type { Dimension } from '../model/findings.js';
import { counts } from '../model/gate.js';
import type { Reporter } from './types.js';

const SEVERITY = { error: 'critical', warning: 'major', info: 'minor' } as const;
const CATEGORY: Record<Dimension, string> = {
  complexity: 'Complexity',
  readability: 'Style',
  quality: 'Clarity',
  reliability: 'Bug Risk',
  speed: 'Performance',
  security: 'Security',
};

/** `--format codeclimate`: GitLab code quality JSON (a Code Climate issue list). */
export const codeclimateReporter: Reporter = (result) => {
  const issues = result.files.flatMap((file) =>
    file.findings
      .filter((f) => counts(f) && f.baseline !== 'existing')
      .map((f) => ({
        type: 'issue',
        check_name: f.ruleId,
        description: f.message,
        content: { body: f.suggestion },
        categories: [CATEGORY[f.dimension]],
        location: {
          path: file.path,
          positions: { begin: { line: f.line, column: f.column }, end: { line: f.endLine, column: f.endColumn } },
        },
        severity: SEVERITY[f.severity],
        fingerprint: f.fingerprint,
      })),
  );
  return `${JSON.stringify(issues, null, 2)}\n`;
};
