import { defineRule } from '../../engine/rule.js';
import { short } from '../shared/model-query.js';

const LOADERS: Record<string, string> = {
  'pickle.load': 'pickle',
  'pickle.loads': 'pickle',
  'cPickle.load': 'pickle',
  'cPickle.loads': 'pickle',
  '_pickle.load': 'pickle',
  '_pickle.loads': 'pickle',
  'pickle.Unpickler': 'pickle',
  'dill.load': 'dill',
  'dill.loads': 'dill',
  'cloudpickle.load': 'cloudpickle',
  'cloudpickle.loads': 'cloudpickle',
  'marshal.load': 'marshal',
  'marshal.loads': 'marshal',
  'shelve.open': 'shelve',
  'jsonpickle.decode': 'jsonpickle',
  'pandas.read_pickle': 'pickle',
  'pd.read_pickle': 'pickle',
  'joblib.load': 'pickle',
  'torch.load': 'pickle',
};

export default defineRule({
  id: 'unsafe-deserialization',
  dimension: 'security',
  meta: {
    description: 'Data is deserialised with pickle / marshal / shelve (and friends), which can execute code.',
    why: 'A pickle stream can call any importable function while loading (`__reduce__`), so unpickling data from a file, socket or cache an attacker can write gives them code execution. Use JSON or another data-only format for anything not produced by the same trusted process.',
    severity: 'warning',
    languages: ['python'],
    messages: {
      load: '`{call}` deserialises with {format}, which can run arbitrary code from the data.',
      marshal: '`{call}` reads marshal data, which is not safe against malformed or malicious input.',
    },
  },
  /** includeMarshal: also report `marshal.load(s)`; off by default — marshal builds code objects but never runs them on load (its risk is crashes on malformed data), and the import system uses it for .pyc files by design. */
  defaultOptions: { includeMarshal: false },
  create(ctx, { includeMarshal }) {
    return {
      call(call) {
        const format = Object.hasOwn(LOADERS, call.callee) ? LOADERS[call.callee] : undefined;
        if (!format || (format === 'marshal' && !includeMarshal)) return;
        // torch.load(weights_only=True) only loads tensors.
        if (
          call.callee === 'torch.load' &&
          call.keywords.includes('weights_only') &&
          call.args.some((a) => /weights_only\s*=\s*True/.test(a))
        )
          return;
        ctx.report({
          node: call,
          messageId: format === 'marshal' ? 'marshal' : 'load',
          data: { call: short(`${call.callee}(${call.args.join(', ')})`, 60), format },
          suggestion:
            format === 'marshal'
              ? '`marshal` is for .pyc internals only: store data as JSON (`json.loads`) instead.'
              : `Load only data you produced yourself; for data that crosses a trust boundary, switch to JSON (\`json.load\`) or sign it (\`hmac\`) and verify before \`${call.callee}\`.`,
        });
      },
    };
  },
});
