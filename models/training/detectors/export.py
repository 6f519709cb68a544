"""Exports the trained detector (detector.pt from train.py) to ONNX: models/toasty-detectors.onnx.

Graph: input `ids` int64 [batch, 6, 32] (hashed feature bags, 0 = padding), output `score` float [batch]
(sigmoid probability that the written token is a slip for the row's alternative). fp32, opset 17,
deterministic (same weights → same bytes).

Usage: /usr/bin/python3 models/training/detectors/export.py --run DIR [--out models/toasty-detectors.onnx]
"""
import argparse
import hashlib
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train import BAG, NB, Detector  # noqa: E402


class Scored(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, ids):
        return torch.sigmoid(self.model(ids))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--run', required=True)
    ap.add_argument('--out', default='models/toasty-detectors.onnx')
    ap.add_argument('--parity-sites', default=None, help='dumped sites to draw the parity fixture from')
    ap.add_argument('--files', default='/work/neural-data/corpus/order.jsonl')
    ap.add_argument('--parity-out', default='tests/neural/fixtures/detector-parity.json')
    args = ap.parse_args()
    log = json.load(open(os.path.join(args.run, 'train-log.json')))
    model = Detector(log['args']['dim'], log['args']['hidden'])
    model.load_state_dict(torch.load(os.path.join(args.run, 'detector.pt')))
    model.eval()
    example = torch.zeros((2, NB + 1, BAG), dtype=torch.long)
    torch.onnx.export(Scored(model), (example,), args.out, opset_version=17, input_names=['ids'], output_names=['score'],
                      dynamic_axes={'ids': {0: 'batch'}, 'score': {0: 'batch'}}, do_constant_folding=True)
    if args.parity_sites:
        # Reference scores from PyTorch for the TypeScript/onnxruntime parity test.
        import random
        import numpy as np
        from train import load_sites, predict, rows_for
        files = [json.loads(l) for l in open(args.files)]
        paths = args.parity_sites.split(',')
        pairs = json.load(open(paths[0] + '.pairs.json'))
        sites = load_sites(paths, files, splits=('test',))
        rng = random.Random(3)
        rows = []
        for s in rng.sample(sites, 48):
            rows += rows_for(pairs, s)[:1]
        rows = [r.astype(np.int64) for r in rows]
        X = np.stack(rows)
        json.dump({'ids': X.tolist(), 'scores': [round(float(x), 6) for x in predict(model, X)]},
                  open(args.parity_out, 'w'))
    data = open(args.out, 'rb').read()
    print(json.dumps({'bytes': len(data), 'sha256': hashlib.sha256(data).hexdigest()}))


if __name__ == '__main__':
    main()
