"""Exports the trained names model (names.pt from train.py) to ONNX (models/toasty-names.onnx) and writes
models/names.json (vocabulary, hashing, threshold, the training figures).

Graph: input `ids` int64 [batch, 128] (hashed features, 0 = padding), output `probs` float [batch, vocab]
(softmax over the vocabulary). The embedding table and the weight matrices are stored as float16 (half the bytes; scores differ
from fp32 by < 1e-3), everything else fp32; opset 17.

Usage: /usr/bin/python3 models/training/names/export.py --run DIR [--out models] [--min-confidence 0.05]
"""
import argparse
import hashlib
import json
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train import NAME_BAG, NAME_BUCKETS, Namer  # noqa: E402

NAMES_VERSION = 2  # src/neural/names/features.ts NAMES_VERSION: the features the dump was made with


class Exported(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.register_buffer('table', model.emb.weight.detach().half())
        self.register_buffer('w1', model.mlp[0].weight.detach().half())
        self.register_buffer('b1', model.mlp[0].bias.detach().clone())
        self.register_buffer('w2', model.mlp[3].weight.detach().half())
        self.register_buffer('b2', model.mlp[3].bias.detach().clone())

    def forward(self, ids):
        emb = F.embedding(ids, self.table).float()
        count = (ids != 0).sum(-1, keepdim=True).clamp(min=1).float()
        hidden = torch.relu(F.linear(emb.sum(1) / count, self.w1.float(), self.b1))
        return torch.softmax(F.linear(hidden, self.w2.float(), self.b2), -1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--run', required=True)
    ap.add_argument('--out', default='models')
    ap.add_argument('--min-confidence', type=float, default=0.05)
    ap.add_argument('--sites', default=None, help='dumped sites, to derive per-language names when the run log lacks them')
    args = ap.parse_args()
    log = json.load(open(os.path.join(args.run, 'train-log.json')))
    if 'langs' not in log and args.sites:
        import collections
        from train import load, normal_name
        files = [json.loads(l) for l in open('/work/neural-data/corpus/files.jsonl')]
        per_lang = collections.Counter((normal_name(s['n']), s['lang']) for s in load(args.sites.split(','), files)
                                       if s['split'] == 'train' and len(s['n']) >= 2)
        log['langs'] = [(per_lang[(n, 'python')] >= 2) + 2 * (per_lang[(n, 'javascript')] >= 2) for n in log['vocab']]
    model = Namer(len(log['vocab']), log['args']['dim'], log['args']['hidden'])
    model.load_state_dict(torch.load(os.path.join(args.run, 'names.pt')))
    model.eval()
    path = os.path.join(args.out, 'toasty-names.onnx')
    example = torch.zeros((2, NAME_BAG), dtype=torch.long)
    torch.onnx.export(Exported(model).eval(), (example,), path, opset_version=17, input_names=['ids'], output_names=['probs'],
                      dynamic_axes={'ids': {0: 'batch'}, 'probs': {0: 'batch'}}, do_constant_folding=False)
    data = open(path, 'rb').read()
    manifest = {
        'name': 'toasty-names',
        'format': 1,
        'model': 'toasty-names.onnx',
        'sha256': hashlib.sha256(data).hexdigest(),
        'namesVersion': NAMES_VERSION,
        'buckets': NAME_BUCKETS,
        'bag': NAME_BAG,
        'minConfidence': args.min_confidence,
        'training': {'examples': log['examples'], 'steps': log['steps'], 'seconds': log['seconds'], 'args': log['args'],
                     'eval': log['eval']},
        'frequencyBaseline': log['baseline'],
        'vocab': log['vocab'],
        'languages': log.get('langs'),
    }
    with open(os.path.join(args.out, 'names.json'), 'w') as f:
        json.dump(manifest, f, indent=1)
        f.write('\n')
    print(json.dumps({'bytes': len(data), 'sha256': manifest['sha256']}))


if __name__ == '__main__':
    main()
