"""Step 4: export the trained encoder to ONNX (opset 17) and quantize it to int8.

Graph (inputs/outputs, B = windows, T = pieces incl. <s>/</s>, K = TOP_K):
  input_ids       int64 [B, T]
  attention_mask  int64 [B, T]   1 for real pieces, 0 for padding
  rtd_logits      float [B, T]   replaced-token logit per piece (sigmoid -> probability)
  top_positions   int64 [B, K]   the K pieces with the highest rtd logit (positions >= T are padding)
  top_logits      float [B, K, V] corrective-MLM logits at those pieces: what the original token was

Quantization (done here by graph surgery; there is no onnxruntime for Python on this machine):
every MatMul whose right operand is a weight becomes
  DynamicQuantizeLinear(x) -> MatMulInteger(x_q, W_q, x_zp, 0) -> Cast(float) -> Mul(x_scale * w_scale)
with W_q symmetric int8 per output column in the reduced range [-63, 63] (no int16 saturation in
u8s8 AVX2 kernels, so integer results are exact on every x86 CPU). The tied token embedding is
read from the same int8 matrix as the MLM decoder (Gather on axis 1, per-token scale), so it is
stored once. onnxruntime fuses the pattern into DynamicQuantizeMatMul.

Usage: /usr/bin/python3 models/training/export.py [--name toasty-rtd-small]
"""
import argparse
import json
import os
import sys

import numpy as np
import onnx
import torch
from onnx import helper, numpy_helper, TensorProto

sys.path.insert(0, os.path.dirname(__file__))
from model import Encoder  # noqa: E402

DATA = 'models/training/data'
TOP_K = 16
QMAX = 63


class Exported(torch.nn.Module):
    def __init__(self, enc):
        super().__init__()
        self.enc = enc

    def forward(self, input_ids, attention_mask):
        h = self.enc.encode(input_ids, attention_mask)
        rtd = self.enc.rtd(h)
        masked = rtd + (attention_mask.to(rtd.dtype) - 1.0) * 1e9
        pad = (rtd[:, :1] * 0.0 - 2e9).expand(-1, TOP_K)
        _, top = torch.topk(torch.cat([masked, pad], dim=1), TOP_K, dim=1)
        hp = torch.cat([h, (h[:, :1, :] * 0.0).expand(-1, TOP_K, -1)], dim=1)
        sel = torch.gather(hp, 1, top.unsqueeze(-1).expand(-1, -1, h.shape[-1]))
        logits = self.enc.mlm_logits(self.enc.mlm_hidden(sel))
        return rtd, top, logits


def quantize(model_path, out_path):
    m = onnx.load(model_path)
    g = m.graph
    inits = {i.name: i for i in g.initializer}
    new_nodes = []
    new_inits = []
    decoder = None  # (W_q name, scale name, float weight) of the matrix equal to the embedding^T
    emb_name = None
    for node in g.node:
        if node.op_type == 'Gather' and node.input[0] in inits and numpy_helper.to_array(inits[node.input[0]]).shape[0] > 1000:
            emb_name = node.input[0]
    emb = numpy_helper.to_array(inits[emb_name]) if emb_name else None
    count = 0
    for node in g.node:
        if node.op_type == 'MatMul' and node.input[1] in inits and len(inits[node.input[1]].dims) == 2:
            w = numpy_helper.to_array(inits[node.input[1]]).astype(np.float32)
            scale = np.maximum(np.abs(w).max(axis=0), 1e-8) / QMAX
            wq = np.clip(np.round(w / scale), -QMAX, QMAX).astype(np.int8)
            base = f'q{count}'
            count += 1
            new_inits += [numpy_helper.from_array(wq, f'{base}_Wq'), numpy_helper.from_array(scale.astype(np.float32), f'{base}_Ws'),
                          numpy_helper.from_array(np.zeros(w.shape[1], dtype=np.int8), f'{base}_Wzp')]
            x = node.input[0]
            new_nodes += [
                helper.make_node('DynamicQuantizeLinear', [x], [f'{base}_xq', f'{base}_xs', f'{base}_xzp'], name=f'{base}_dql'),
                helper.make_node('MatMulInteger', [f'{base}_xq', f'{base}_Wq', f'{base}_xzp', f'{base}_Wzp'], [f'{base}_i32'], name=f'{base}_mmi'),
                helper.make_node('Cast', [f'{base}_i32'], [f'{base}_f'], to=TensorProto.FLOAT, name=f'{base}_cast'),
                helper.make_node('Mul', [f'{base}_xs', f'{base}_Ws'], [f'{base}_s'], name=f'{base}_scale'),
                helper.make_node('Mul', [f'{base}_f', f'{base}_s'], [node.output[0]], name=f'{base}_out'),
            ]
            if emb is not None and w.shape == emb.T.shape and np.array_equal(w, emb.T):
                decoder = (f'{base}_Wq', f'{base}_Ws')
        elif node.op_type == 'Gather' and node.input[0] == emb_name and decoder is None:
            new_nodes.append(('EMB', node))
        else:
            new_nodes.append(node)
    if emb_name and decoder is None:
        raise SystemExit('tied decoder matrix not found')
    final = []
    for n in new_nodes:
        if isinstance(n, tuple):
            node = n[1]
            ids, out = node.input[1], node.output[0]
            final += [
                helper.make_node('Gather', [decoder[0], ids], ['emb_q'], axis=1, name='emb_gather'),  # [H, B, T]
                helper.make_node('Transpose', ['emb_q'], ['emb_qt'], perm=[1, 2, 0], name='emb_transpose'),
                helper.make_node('Cast', ['emb_qt'], ['emb_f'], to=TensorProto.FLOAT, name='emb_cast'),
                helper.make_node('Gather', [decoder[1], ids], ['emb_s'], axis=0, name='emb_scale_gather'),
                helper.make_node('Unsqueeze', ['emb_s', 'emb_axes'], ['emb_s3'], name='emb_unsqueeze'),
                helper.make_node('Mul', ['emb_f', 'emb_s3'], [out], name='emb_out'),
            ]
            new_inits.append(numpy_helper.from_array(np.array([-1], dtype=np.int64), 'emb_axes'))
        else:
            final.append(n)
    used = {i for n in final for i in n.input}
    kept = [i for i in g.initializer if i.name in used and i.name != emb_name]
    del g.node[:]
    g.node.extend(final)
    del g.initializer[:]
    g.initializer.extend(kept + new_inits)
    onnx.checker.check_model(m)
    onnx.save(m, out_path)
    return count


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--name', default='toasty-rtd-small')
    ap.add_argument('--checkpoint', default=os.path.join(DATA, 'model.pt'))
    ap.add_argument('--out-dir', default='models')
    args = ap.parse_args()
    torch.set_num_threads(1)
    ck = torch.load(args.checkpoint)
    enc = Encoder(**ck['config'])
    enc.load_state_dict(ck['state'])
    enc.eval()
    wrapper = Exported(enc).eval()
    ids = torch.tensor([[2] + list(range(100, 160)) + [3]], dtype=torch.long)
    mask = torch.ones_like(ids)
    fp32_path = os.path.join(args.out_dir if args.out_dir != 'models' else DATA, f'{args.name}.fp32.onnx')
    torch.onnx.export(wrapper, (ids, mask), fp32_path, opset_version=17, do_constant_folding=True,
                      input_names=['input_ids', 'attention_mask'], output_names=['rtd_logits', 'top_positions', 'top_logits'],
                      dynamic_axes={'input_ids': {0: 'batch', 1: 'sequence'}, 'attention_mask': {0: 'batch', 1: 'sequence'},
                                    'rtd_logits': {0: 'batch', 1: 'sequence'}, 'top_positions': {0: 'batch'}, 'top_logits': {0: 'batch'}})
    out = os.path.join(args.out_dir, f'{args.name}.onnx')
    n = quantize(fp32_path, out)
    # reference outputs for the node-side check (bench/neural/export-check)
    g = torch.Generator().manual_seed(0)
    ids = torch.randint(5, ck['config']['vocab_size'], (2, 200), generator=g)
    ids[:, 0] = 2
    ids[0, -1] = 3
    mask = torch.ones_like(ids)
    mask[1, 150:] = 0
    with torch.no_grad():
        rtd, top, _ = wrapper(ids, mask)
    json.dump({'input_ids': ids.tolist(), 'attention_mask': mask.tolist(), 'rtd_logits': rtd.tolist(), 'top_positions': top.tolist()},
              open('bench/out/export-check.json', 'w'))
    print(f'quantized {n} MatMuls; fp32 {os.path.getsize(fp32_path) / 1e6:.2f} MB -> int8 {os.path.getsize(out) / 1e6:.2f} MB')


if __name__ == '__main__':
    main()
