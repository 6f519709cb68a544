"""What the detector trainers (detectors/train.py, detectors/varmisuse.py, names/train.py) share about
hashed feature bags: reading the dumps the corpus scripts write (detectors/dump-*.mjs,
names/dump-names.mjs: one JSON object a line) and starting a bag embedding the same way."""
import json

import torch


def read_jsonl(paths):
    """(path, record) for every JSON line of the dumps, in order; a line that does not parse (the last
    line of a dump still being written) is skipped."""
    for path in paths:
        with open(path) as f:
            for line in f:
                try:
                    yield path, json.loads(line)
                except ValueError:
                    continue


def init_bag_embedding(emb, std=0.1):
    """Small normal weights, and bucket 0 (padding, the bags' trailing zeros) all zero."""
    torch.nn.init.normal_(emb.weight, std=std)
    with torch.no_grad():
        emb.weight[0].zero_()
    return emb
