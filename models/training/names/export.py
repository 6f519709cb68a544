"""Exports the trained names model (names.pt from train.py) to ONNX (models/toasty-names.onnx) and writes
models/names.json (vocabulary, hashing, threshold, the training figures).

Graph: input `ids` int64 [batch, 192] (hashed features, 0 = padding), output `probs` float [batch, vocab]
(softmax over the vocabulary). The mean of the ids' embeddings (padding excluded, as the EmbeddingBag of
training) -> MLP -> h; logits = h . N^T + b, where N, the names' composed vectors (sub-tokens + residual), is
multiplied out at export. The embedding table, the weight matrices and N are stored as float16 (half the
bytes; scores differ from fp32 by < 1e-3), everything else fp32; opset 17.

Usage: /usr/bin/python3 models/training/names/export.py --run DIR [--out models] [--min-confidence 0.05]
         [--context-weights tune.json]
"""
import argparse
import hashlib
import json
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train import NAME_BAG, NAME_BUCKETS, NAMES_VERSION, Namer  # noqa: E402


class Exported(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.register_buffer('table', model.emb.weight.detach().half())
        self.register_buffer('w1', model.mlp[0].weight.detach().half())
        self.register_buffer('b1', model.mlp[0].bias.detach().clone())
        self.register_buffer('w2', model.mlp[3].weight.detach().half())
        self.register_buffer('b2', model.mlp[3].bias.detach().clone())
        with torch.no_grad():
            self.register_buffer('names', model.names().detach().half())
        self.register_buffer('bias', model.bias.detach().clone())

    def forward(self, ids):
        mask = (ids != 0).unsqueeze(-1).float()
        emb = F.embedding(ids, self.table).float() * mask
        count = mask.sum(1).clamp(min=1)
        hidden = F.linear(torch.relu(F.linear(emb.sum(1) / count, self.w1.float(), self.b1)), self.w2.float(), self.b2)
        return torch.softmax(F.linear(hidden, self.names.float(), self.bias), -1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--run', required=True)
    ap.add_argument('--out', default='models')
    ap.add_argument('--min-confidence', type=float, default=0.05)
    ap.add_argument('--context-weights', default=None,
                    help='the output of tune-context.mjs --search (its chosen weights become names.json contextWeights)')
    args = ap.parse_args()
    log = json.load(open(os.path.join(args.run, 'train-log.json')))
    model = Namer(log['vocab'], log['args']['dim'], log['args']['hidden'], log['args']['out_dim'])
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
        **({'contextWeights': json.load(open(args.context_weights))['chosen']['weights']} if args.context_weights else {}),
        'training': {'examples': log['examples'], 'steps': log['steps'], 'seconds': log['seconds'], 'args': log['args'],
                     'vocabCoverage': log.get('vocabCoverage'), 'eval': log['eval']},
        'frequencyBaseline': log['baseline'],
        'vocab': log['vocab'],
        'languages': log.get('langs'),
    }
    with open(os.path.join(args.out, 'names.json'), 'w') as f:
        json.dump(manifest, f, indent=1)
        f.write('\n')
    # Rows for checking onnxruntime against PyTorch from Node (models/training/names/check-onnx.mjs).
    g = torch.Generator().manual_seed(7)
    ids = torch.randint(1, NAME_BUCKETS, (8, NAME_BAG), generator=g)
    for r in range(8):
        ids[r, 10 + 20 * r:] = 0
    with torch.no_grad():
        probs = model(ids.flatten()[ids.flatten() != 0], torch.tensor([int((ids[:r] != 0).sum()) for r in range(8)])).softmax(-1)
    json.dump({'ids': ids.tolist(), 'probs': probs.tolist()}, open(os.path.join(args.run, 'check.json'), 'w'))
    print(json.dumps({'bytes': len(data), 'sha256': manifest['sha256']}))


if __name__ == '__main__':
    main()
