"""Loads the shipped detector (models/toasty-detectors.onnx) back into the PyTorch model of train.py, so fine-tuning
and calibration start from exactly the weights that ship (the ONNX graph holds them as initializers, fp32).

Usage: /usr/bin/python3 models/training/detectors/from_onnx.py --out RUN_DIR [--onnx models/toasty-detectors.onnx]
         [--manifest models/detectors.json]
Writes RUN_DIR/detector.pt and RUN_DIR/train-log.json (the manifest's training record, which calibrate.py and
export.py read).
"""
import argparse
import json
import os
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train import Detector  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', required=True)
    ap.add_argument('--onnx', default='models/toasty-detectors.onnx')
    ap.add_argument('--manifest', default='models/detectors.json')
    args = ap.parse_args()
    weights = {i.name.removeprefix('model.'): torch.from_numpy(np.array(numpy_helper.to_array(i)))
               for i in onnx.load(args.onnx).graph.initializer}
    training = json.load(open(args.manifest))['training']
    model = Detector(training['args']['dim'], training['args']['hidden'])
    model.load_state_dict(weights)
    os.makedirs(args.out, exist_ok=True)
    torch.save(model.state_dict(), os.path.join(args.out, 'detector.pt'))
    log = {'args': training['args'], 'params': training['params'], 'trainingRows': training['rows'],
           'curve': [{'step': training['steps']}], 'from': os.path.basename(args.onnx)}
    json.dump(log, open(os.path.join(args.out, 'train-log.json'), 'w'), indent=1)
    print(json.dumps({'params': sum(p.numel() for p in model.parameters()), 'out': args.out}))


if __name__ == '__main__':
    main()
