import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { discoverFiles } from '../../src/discovery/walk.js';
import { RuleResolver } from '../../src/engine/active-rules.js';
import { gradeFile } from '../../src/engine/grade-file.js';
import type { Finding } from '../../src/model/results.js';
import { loadRuleSet, ruleCatalogue } from '../../src/engine/registry.js';
import { tempTree } from '../helpers/tmp.js';

const USER_RULES = `rules:
  - id: no-legacy-client
    languages: [python]
    dimension: quality
    severity: warning
    message: 'Legacy client \`$client\` called with $$ cost'
    suggestion: Replace \`$client\` with \`api.v2\`
    query: |
      (call function: (attribute object: (identifier) @client (#eq? @client "legacy"))) @match
  - id: todo-without-ticket
    languages: [python, javascript, typescript]
    dimension: readability
    severity: info
    message: 'TODO without a ticket: $MATCH'
    suggestion: Add the ticket, e.g. TODO(ABC-123)
    paths:
      exclude: ["vendor/**"]
    regex: 'TODO(?P<rest>[^(].*)?$'
  - id: eval-call
    languages: [javascript, typescript]
    dimension: security
    severity: error
    message: '\`$NAME\` evaluates a string'
    suggestion: Parse the data instead
    selector: 'CallExpression[callee.name="eval"]'
  - id: many-params
    languages: [python, javascript]
    dimension: complexity
    severity: info
    message: '\`$NAME\` takes $PARAMS parameters'
    suggestion: Group the parameters of \`$NAME\`
    metric:
      node: function
      where: params > 3
`;

async function gradeTree(files: Record<string, string>): Promise<{ findings: Map<string, Finding[]>; remove: () => void }> {
  const { dir, remove } = tempTree(files);
  const loaded = await loadConfig(dir);
  const config = resolveConfig(loaded.file, loaded.config, dir);
  const set = await loadRuleSet(config);
  const resolver = new RuleResolver(set.rules, config);
  const findings = new Map<string, Finding[]>();
  for (const file of discoverFiles(['.'], dir, config)) {
    const { result } = await gradeFile(file, 'run1', config, resolver);
    findings.set(file.path, result.findings);
  }
  return { findings, remove };
}

describe('user YAML rules through the real engine', () => {
  it('loads a rule folder from config and reports findings from real front-ends', async () => {
    const { findings, remove } = await gradeTree({
      '.toastyrc.yaml': 'rules:\n  dirs: [my-rules]\n  todo-without-ticket: warning\n  eval-call: off\n',
      'my-rules/team.yaml': USER_RULES,
      'app/main.py': 'import legacy\n\n\ndef run(a, b, c, d):\n    # TODO clean this up\n    return legacy.fetch(a)  # TODO(ABC-1) fine\n',
      'app/web.js': 'export function go(x) {\n  return eval(x); // TODO later\n}\n',
      'vendor/lib.py': '# TODO vendored\n',
    });
    try {
      const py = findings.get('app/main.py')!.filter((f) => f.source === 'yaml');
      expect(py.map((f) => [f.ruleId, f.line, f.severity, f.message])).toEqual([
        ['many-params', 4, 'info', '`run` takes 4 parameters'],
        ['todo-without-ticket', 5, 'warning', 'TODO without a ticket: TODO clean this up'],
        ['no-legacy-client', 6, 'warning', 'Legacy client `legacy` called with $ cost'],
      ]);
      expect(py.find((f) => f.ruleId === 'no-legacy-client')!.suggestion).toBe('Replace `legacy` with `api.v2`');
      expect(py.find((f) => f.ruleId === 'many-params')!.metric).toEqual({ name: 'params', value: 4, threshold: 3 });
      expect(py.every((f) => f.cost > 0)).toBe(true);
      // eval-call is off by config; the TODO in JS is found; vendor/ is excluded by the rule's paths.
      expect(
        findings
          .get('app/web.js')!
          .filter((f) => f.source === 'yaml')
          .map((f) => f.ruleId),
      ).toEqual(['todo-without-ticket']);
      expect(findings.get('vendor/lib.py')!.filter((f) => f.source === 'yaml')).toEqual([]);
    } finally {
      remove();
    }
  });

  it('reports where each rule comes from, and keeps `ruleDirs` as an alias of `rules.dirs`', async () => {
    const { dir, remove } = tempTree({ '.toastyrc.json': JSON.stringify({ ruleDirs: ['r'] }), 'r/team.yaml': USER_RULES });
    try {
      const loaded = await loadConfig(dir);
      const set = await loadRuleSet(resolveConfig(loaded.file, loaded.config, dir));
      const rows = ruleCatalogue(set);
      expect(rows.find((r) => r.id === 'eval-call')).toMatchObject({ source: 'yaml', origin: expect.stringMatching(/r\/team\.yaml$/) });
      expect(rows.find((r) => r.id === 'cyclomatic-complexity')).toMatchObject({ source: 'builtin', origin: 'builtin' });
      expect(rows.find((r) => r.id === 'flask-debug-true')).toMatchObject({
        source: 'yaml',
        origin: expect.stringMatching(/rules\/python\/security\/flask-debug-true\.yaml$/),
      });
      expect(rows.length).toBeGreaterThanOrEqual(7 + 30 + 4);
    } finally {
      remove();
    }
  });

  it('rejects a rule id used twice (bundled and user) with both sources', async () => {
    const { dir, remove } = tempTree({
      '.toastyrc.yaml': 'rules:\n  dirs: [r]\n',
      'r/dup.yaml': 'id: flask-debug-true\nlanguages: [python]\ndimension: security\nseverity: info\nmessage: m\nsuggestion: s\nregex: x\n',
    });
    try {
      const loaded = await loadConfig(dir);
      await expect(loadRuleSet(resolveConfig(loaded.file, loaded.config, dir))).rejects.toThrow(
        /rule id `flask-debug-true` is defined twice: by rules\/python\/security\/flask-debug-true\.yaml and by .*r\/dup\.yaml/,
      );
    } finally {
      remove();
    }
  });

  it('a config rule folder that does not exist is exit 2 naming it', async () => {
    const { dir, remove } = tempTree({ '.toastyrc.yaml': 'rules:\n  dirs: [missing-rules]\n' });
    try {
      const loaded = await loadConfig(dir);
      await expect(loadRuleSet(resolveConfig(loaded.file, loaded.config, dir))).rejects.toMatchObject({
        exitCode: 2,
        message: expect.stringContaining('rule folder `missing-rules`'),
      });
    } finally {
      remove();
    }
  });

  it('`rules.dirs` must be a list of strings (config schema)', async () => {
    const { dir, remove } = tempTree({ '.toastyrc.yaml': 'rules:\n  dirs: my-rules\n' });
    try {
      await expect(loadConfig(dir)).rejects.toThrow(/`rules\.dirs` must be array/);
    } finally {
      remove();
    }
  });
});

describe('bundled rules on real code', () => {
  it('express-without-helmet is silent once the file imports helmet (pattern-not over the whole program)', async () => {
    const { findings, remove } = await gradeTree({
      'bare.js': "import express from 'express';\nconst app = express();\n",
      'safe.js': "import express from 'express';\nimport helmet from 'helmet';\nconst app = express();\napp.use(helmet());\n",
      'safe-cjs.js': "const express = require('express');\nconst helmet = require('helmet');\nconst app = express();\n",
    });
    try {
      const ids = (p: string): string[] => findings.get(p)!.map((f) => f.ruleId);
      expect(ids('bare.js')).toContain('express-without-helmet');
      expect(ids('safe.js')).not.toContain('express-without-helmet');
      expect(ids('safe-cjs.js')).not.toContain('express-without-helmet');
    } finally {
      remove();
    }
  });

  it('`enabled: false` ships a rule switched off; a severity in the config turns it on', async () => {
    const rule =
      'id: shout\nenabled: false\nlanguages: [python]\ndimension: quality\nseverity: info\nmessage: shout\nsuggestion: whisper\nregex: SHOUT\n';
    for (const [config, expected] of [
      ['rules:\n  dirs: [r]\n', false],
      ['rules:\n  dirs: [r]\n  shout: warning\n', true],
    ] as const) {
      const { findings, remove } = await gradeTree({ '.toastyrc.yaml': config, 'r/shout.yaml': rule, 'a.py': 'x = "SHOUT"\n' });
      try {
        expect(findings.get('a.py')!.some((f) => f.ruleId === 'shout')).toBe(expected);
      } finally {
        remove();
      }
    }
  });

  it('print-in-library honours its paths: scripts/ and tests are excluded', async () => {
    const { findings, remove } = await gradeTree({
      // Off by default since the precision bench (mostly noise); turned on here to test its paths.
      '.toastyrc.yaml': 'rules:\n  print-in-library: info\n',
      'pkg/core.py': 'def f():\n    print("x")\n',
      'scripts/run.py': 'def f():\n    print("x")\n',
      'pkg/test_core.py': 'def test_f():\n    print("x")\n',
    });
    try {
      const has = (p: string): boolean => findings.get(p)!.some((f) => f.ruleId === 'print-in-library');
      expect([has('pkg/core.py'), has('scripts/run.py'), has('pkg/test_core.py')]).toEqual([true, false, false]);
    } finally {
      remove();
    }
  });
});
