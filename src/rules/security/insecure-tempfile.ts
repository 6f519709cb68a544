import { defineRule } from '../../engine/rule.js';
import { short } from '../shared/model-query.js';

export default defineRule({
  id: 'insecure-tempfile',
  dimension: 'security',
  meta: {
    description: '`tempfile.mktemp()` (or `os.tempnam`/`os.tmpnam`) returns a name that another process can take first.',
    why: 'Between getting the name and creating the file, an attacker can create a file or symlink with that name and make the program write where they want (a race, CWE-377). `mkstemp`/`NamedTemporaryFile` create the file atomically.',
    severity: 'warning',
    languages: ['python'],
    messages: { mktemp: '`{call}` returns a temporary file name without creating the file.' },
  },
  defaultOptions: {},
  create(ctx) {
    return {
      call(call) {
        if (!['tempfile.mktemp', 'mktemp', 'os.tempnam', 'os.tmpnam'].includes(call.callee)) return;
        if (
          call.callee === 'mktemp' &&
          !ctx.file.imports.some((i) => i.module === 'tempfile' && i.bindings.some((b) => b.imported === 'mktemp'))
        )
          return;
        ctx.report({
          node: call,
          messageId: 'mktemp',
          data: { call: short(`${call.callee}(${call.args.join(', ')})`, 50) },
          suggestion:
            'Use `tempfile.NamedTemporaryFile(delete=False)` or `fd, path = tempfile.mkstemp()` (the file is created atomically), or `tempfile.mkdtemp()` for a private directory.',
        });
      },
    };
  },
});
