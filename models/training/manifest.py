"""Step 5: write models/manifest.json (everything the runtime needs), models/training/corpus-manifest.json.gz
(the committed manifest of trained / held-out files with licences) and models/training/results/
(the training log and fp32 evaluation).

Thresholds are placeholders here; bench/neural/calibrate.ts (step 6) fills them in from held-out
clean code, and bench/neural/report.ts (step 7) adds the measured metrics.

Usage: /usr/bin/python3 models/training/manifest.py [--name toasty-rtd-small]
"""
import argparse
import gzip
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(__file__))
from export import TOP_K  # noqa: E402
from model import CONFIG  # noqa: E402

DATA = 'models/training/data'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--name', default='toasty-rtd-small')
    args = ap.parse_args()
    corpus = json.load(open(os.path.join(DATA, 'corpus.json')))
    licences = json.load(open(os.path.join(DATA, 'js-licences.json')))
    ev = json.load(open(os.path.join(DATA, 'eval.json')))
    summary = {'train': {}, 'heldOut': {}}
    for m in corpus:
        part = summary['train' if m['split'] == 'train' else 'heldOut'].setdefault(m['language'], {'files': 0, 'lines': 0, 'pretokens': 0})
        part['files'] += 1
        part['lines'] += m['lines']
        part['pretokens'] += m['pretokens']
    used = sorted({m['unit'] for m in corpus if m['language'] == 'javascript'})
    lic_count = {}
    for u in used:
        lic_count[licences[u]['license']] = lic_count.get(licences[u]['license'], 0) + 1
    old = {}
    path = 'models/manifest.json'
    if os.path.exists(path):
        old = json.load(open(path))
    manifest = {
        'name': args.name,
        'format': 1,
        'model': f'{args.name}.onnx',
        'tokenizer': {'kind': 'sentencepiece-bpe', 'vocab': f'{args.name}.vocab.json', 'pretokenizer': 'toasty-code-v1',
                      'vocabSize': CONFIG['vocab_size']},
        'inputs': [{'name': 'input_ids', 'type': 'int64', 'shape': ['batch', 'sequence']},
                   {'name': 'attention_mask', 'type': 'int64', 'shape': ['batch', 'sequence']}],
        'outputs': [{'name': 'rtd_logits', 'type': 'float32', 'shape': ['batch', 'sequence']},
                    {'name': 'top_positions', 'type': 'int64', 'shape': ['batch', TOP_K]},
                    {'name': 'top_logits', 'type': 'float32', 'shape': ['batch', TOP_K, CONFIG['vocab_size']]}],
        'maxLength': CONFIG['max_len'],
        'window': {'stride': 192},
        'topK': TOP_K,
        'thresholds': old.get('thresholds', {'python': 0.5, 'javascript': 0.5, 'typescript': 0.5}),
        'architecture': {'type': 'pre-LayerNorm RoBERTa-style encoder', 'layers': CONFIG['layers'], 'hidden': CONFIG['hidden'],
                         'heads': CONFIG['heads'], 'ffn': CONFIG['ffn'], 'parameters': ev['params'],
                         'heads_out': 'replaced-token detection + corrective MLM (tied embeddings)',
                         'quantization': 'dynamic int8 (MatMulInteger, per-column symmetric 7-bit weights)'},
        'corpus': {
            'sources': {'python': 'CPython 3.11 standard library (Debian python3.11), PSF-2.0',
                        'javascript': f'{len(used)} npm packages from node_modules: ' + ', '.join(f'{k} {v}' for k, v in sorted(lic_count.items()))},
            **summary,
            'fileManifest': 'models/training/corpus-manifest.json.gz',
        },
        'training': {'objective': 'replaced-token detection on realistic corruptions + 0.3 x corrective MLM',
                     'steps': ev['steps'], 'batch': ev['batch'], 'epochs': ev['epochs'], 'seconds': ev['train_seconds'],
                     'hardware': '1 thread of a 2-core Xeon (AMX bf16 autocast), PyTorch 1.13', 'seed': ev['seed']},
        'calibration': old.get('calibration'),
        'metrics': old.get('metrics', {}),
    }
    json.dump(manifest, open(path, 'w'), indent=2)
    open(path, 'a').write('\n')
    with gzip.open('models/training/corpus-manifest.json.gz', 'wt') as f:
        json.dump({'files': corpus, 'javascriptPackages': {u: licences[u] for u in used},
                   'excludedPackages': {k: v for k, v in licences.items() if not v['included']}}, f, indent=0)
    os.makedirs('models/training/results', exist_ok=True)
    for f in ('eval.json', 'train-log.jsonl'):  # committed record of the training run
        shutil.copy(os.path.join(DATA, f), os.path.join('models/training/results', f))
    print('wrote', path)


if __name__ == '__main__':
    main()
