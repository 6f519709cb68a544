"""Small pre-LayerNorm RoBERTa-style encoder with a replaced-token-detection head and a corrective
MLM head (predicts the original token's first piece at every position; weights tied to the input
embedding)."""
import math

import torch
from torch import nn
import torch.nn.functional as F

CONFIG = dict(vocab_size=8000, hidden=256, layers=4, heads=4, ffn=1024, max_len=256)


class Block(nn.Module):
    def __init__(self, d, h, ffn):
        super().__init__()
        self.h = h
        self.ln1 = nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.out = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d)
        self.ff1 = nn.Linear(d, ffn)
        self.ff2 = nn.Linear(ffn, d)

    def forward(self, x, bias):
        b, t, d = x.shape
        q, k, v = self.qkv(self.ln1(x)).view(b, t, 3, self.h, d // self.h).permute(2, 0, 3, 1, 4)
        att = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(d // self.h)) + bias
        y = torch.matmul(att.softmax(-1), v).transpose(1, 2).reshape(b, t, d)
        x = x + self.out(y)
        return x + self.ff2(F.gelu(self.ff1(self.ln2(x))))


class Encoder(nn.Module):
    def __init__(self, vocab_size, hidden, layers, heads, ffn, max_len):
        super().__init__()
        self.tok = nn.Embedding(vocab_size, hidden)
        self.pos = nn.Embedding(max_len, hidden)
        self.blocks = nn.ModuleList(Block(hidden, heads, ffn) for _ in range(layers))
        self.ln_f = nn.LayerNorm(hidden)
        self.rtd_dense = nn.Linear(hidden, hidden)
        self.rtd_out = nn.Linear(hidden, 1)
        self.mlm_dense = nn.Linear(hidden, hidden)
        self.mlm_ln = nn.LayerNorm(hidden)
        self.mlm_bias = nn.Parameter(torch.zeros(vocab_size))
        self.apply(self._init)

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, std=0.02)
            if isinstance(m, nn.Linear) and m.bias is not None:
                nn.init.zeros_(m.bias)

    def encode(self, ids, mask):
        t = ids.shape[1]
        pos = torch.arange(t, device=ids.device).unsqueeze(0)
        x = self.tok(ids) + self.pos(pos)
        bias = (1.0 - mask.to(x.dtype)).unsqueeze(1).unsqueeze(2) * -10000.0
        for blk in self.blocks:
            x = blk(x, bias)
        return self.ln_f(x)

    def rtd(self, h):
        return self.rtd_out(F.gelu(self.rtd_dense(h))).squeeze(-1)

    def mlm_hidden(self, h):
        return self.mlm_ln(F.gelu(self.mlm_dense(h)).float())

    def mlm_logits(self, mh):
        return F.linear(mh, self.tok.weight, self.mlm_bias)


def count_params(model):
    return sum(p.numel() for p in model.parameters())
