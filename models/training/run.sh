#!/bin/sh
# Rebuilds the bundled model from scratch (about 45 minutes on 2 CPU cores; needs Debian's
# python3-torch python3-onnx python3-sentencepiece libopenblas0-pthread and /usr/bin/python3).
# Every step is seeded; see models/README.md for what each one does.
set -eu
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3
export OMP_NUM_THREADS=1
$PY models/training/corpus.py                 # 1. corpus manifest + pre-tokenized corpus (data/)
$PY models/training/tokenizer.py              # 2. sentencepiece BPE vocabulary -> models/toasty-rtd-small.vocab.json
$PY models/training/parity.py                 #    reference ids for the TS tokenizer (tests/neural/fixtures, bench/out)
$PY models/training/train.py --steps 1250 --batch 32 --max-minutes 42   # 3. training + fp32 evaluation
$PY models/training/export.py                 # 4. ONNX opset 17 + int8 -> models/toasty-rtd-small.onnx
$PY models/training/manifest.py               # 5. models/manifest.json + models/training/corpus-manifest.json.gz
$PY models/training/evalset.py                #    corrupted held-out set for the int8 AUC benchmark
npx tsc -p bench/neural
B=bench/out/neural-build/bench/neural
node $B/calibrate.js                          # 6. per-token baselines + per-language thresholds (calib split)
node $B/parity.js                             # 7. benchmarks (bench/neural/RESULTS.md)
node $B/auc.js
node $B/planted.js
node $B/throughput.js
node $B/walltime.js
node $B/update-manifest.js                    #    headline figures -> models/manifest.json metrics
