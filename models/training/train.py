"""Step 3: train the encoder on replaced-token detection (+ corrective MLM) and evaluate it.

Writes models/training/data/model.pt, models/training/data/train-log.jsonl and
models/training/data/eval.json (held-out `test` split, fp32 PyTorch).

Usage: OMP_NUM_THREADS=1 /usr/bin/python3 models/training/train.py [--steps 1600] [--batch 32] [--threads 1]
"""
import argparse
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from data import DATA, auc, load, make_batch, shuffled, windows  # noqa: E402
from model import CONFIG, Encoder, count_params  # noqa: E402

SEED = 20240611
EVAL_RATE = (0.05, 0.05)


def losses(model, batch, mlm_weight):
    ids, mask, label, target, sel, _ = batch
    # bf16 autocast: this machine's CPU has AMX, where bf16 matmuls are ~8x faster than fp32.
    with torch.autocast('cpu', dtype=torch.bfloat16):
        h = model.encode(ids, mask)
        logits = model.rtd(h).float()
        mlm = model.mlm_logits(model.mlm_hidden(h[sel])).float() if sel.any() else None
    valid = mask.bool()
    rtd_loss = F.binary_cross_entropy_with_logits(logits[valid], label[valid])
    mlm_loss = F.cross_entropy(mlm, target[sel]) if mlm is not None else torch.zeros(())
    return rtd_loss + mlm_weight * mlm_loss, rtd_loss, mlm_loss


@torch.no_grad()
def evaluate(model, files, tok, wins, seed, batch_size=32):
    """Held-out metrics on corrupted windows (fixed corruption seed and rate)."""
    model.eval()
    rng = random.Random(seed)
    acc = {}
    for b0 in range(0, len(wins), batch_size):
        ids, mask, label, target, sel, meta = make_batch(files, tok, wins[b0:b0 + batch_size], rng, EVAL_RATE, clean_mlm=0.0)
        h = model.encode(ids, mask)
        p = torch.sigmoid(model.rtd(h)).numpy()
        top1 = model.mlm_logits(model.mlm_hidden(h)).argmax(-1).numpy()
        lab = label.numpy()
        tgt = target.numpy()
        for r, m in enumerate(meta):
            tok_score = {}
            for pos, ti, first, scorable, typ, lang in m:
                a = acc.setdefault(lang, {'piece_s': [], 'piece_l': [], 'tok_s': [], 'tok_l': [], 'tok_t': [], 'sugg': [0, 0]})
                a['piece_s'].append(p[r, pos])
                a['piece_l'].append(lab[r, pos])
                if scorable:
                    cur = tok_score.get(ti)
                    if cur is None:
                        tok_score[ti] = [p[r, pos], lab[r, pos], typ, lang]
                    else:
                        cur[0] = max(cur[0], p[r, pos])
                    if first and lab[r, pos]:
                        a['sugg'][0] += int(top1[r, pos] == tgt[r, pos])
                        a['sugg'][1] += 1
            for s, l, typ, lang in tok_score.values():
                a = acc[lang]
                a['tok_s'].append(s)
                a['tok_l'].append(l)
                a['tok_t'].append(typ)
    out = {}
    for lang, a in acc.items():
        tok_s = np.array(a['tok_s'])
        tok_l = np.array(a['tok_l'])
        tok_t = np.array(a['tok_t'])
        per_type = {}
        for typ in ('id', 'op', 'num', 'swap', 'random'):
            m = (tok_l == 0) | (tok_t == typ)
            if (tok_t == typ).any():
                per_type[typ] = round(auc(tok_s[m], tok_l[m]), 4)
        out[lang] = {
            'piece_auc': round(auc(a['piece_s'], a['piece_l']), 4),
            'token_auc': round(auc(tok_s, tok_l), 4),
            'token_auc_by_type': per_type,
            'pieces': len(a['piece_s']), 'scorable_tokens': int(len(tok_s)), 'corrupted_tokens': int(tok_l.sum()),
            'suggestion_top1': round(a['sugg'][0] / max(1, a['sugg'][1]), 4),
        }
    model.train()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--steps', type=int, default=1500)
    ap.add_argument('--batch', type=int, default=32)
    ap.add_argument('--lr', type=float, default=1e-3)
    ap.add_argument('--warmup', type=int, default=100)
    ap.add_argument('--mlm-weight', type=float, default=0.3)
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--max-minutes', type=float, default=0, help='safety stop (0 = none); a stopped run is reported as such')
    ap.add_argument('--eval-every', type=int, default=250)
    ap.add_argument('--probe', type=int, default=0, help='time this many steps and exit')
    ap.add_argument('--init', default='', help='continue from this checkpoint (model.pt of an earlier run): weights only, fresh optimizer and schedule')
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(SEED)
    random.seed(SEED)
    np.random.seed(SEED)

    files, tok = load({'train', 'test'})
    wins = windows(files, tok)
    train_wins = [w for w in wins if files[w[0]][4] == 'train']
    test_wins = [w for w in wins if files[w[0]][4] == 'test']
    print(f'windows: train {len(train_wins)} test {len(test_wins)}', flush=True)

    model = Encoder(**CONFIG)
    if args.init:
        ckpt = torch.load(args.init, map_location='cpu')
        model.load_state_dict(ckpt['state'])
        print(f"continuing from {args.init} ({ckpt.get('steps')} steps)", flush=True)
    print('params', count_params(model), flush=True)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{'params': decay, 'weight_decay': 0.01}, {'params': no_decay, 'weight_decay': 0.0}],
                            lr=args.lr, betas=(0.9, 0.98), eps=1e-6)
    total = args.probe or args.steps

    def lr_at(step):
        if step < args.warmup:
            return args.lr * (step + 1) / args.warmup
        frac = (step - args.warmup) / max(1, total - args.warmup)
        return args.lr * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(1.0, frac))))

    rng = random.Random(SEED)
    order = shuffled(train_wins, SEED)
    eval_subset = shuffled(test_wins, SEED + 1)[:160]
    log = open(os.path.join(DATA, 'train-log.jsonl'), 'w')
    t0 = time.time()
    pos = 0
    epoch = 0
    step = 0
    stopped_early = False
    for step in range(total):
        if pos + args.batch > len(order):
            epoch += 1
            order = shuffled(train_wins, SEED + epoch)
            pos = 0
        batch = make_batch(files, tok, order[pos:pos + args.batch], rng)
        pos += args.batch
        for g in opt.param_groups:
            g['lr'] = lr_at(step)
        loss, rl, ml = losses(model, batch, args.mlm_weight)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if step % 25 == 0 or step == total - 1:
            rec = {'step': step, 'loss': round(loss.item(), 4), 'rtd': round(rl.item(), 4), 'mlm': round(ml.item(), 4),
                   'lr': round(lr_at(step), 6), 'elapsed_s': round(time.time() - t0, 1), 'epoch': epoch}
            print(json.dumps(rec), flush=True)
            log.write(json.dumps(rec) + '\n')
            log.flush()
        if args.eval_every and step and step % args.eval_every == 0 and not args.probe:
            ev = evaluate(model, files, tok, eval_subset, SEED + 2)
            rec = {'step': step, 'eval_subset': {k: {'piece_auc': v['piece_auc'], 'token_auc': v['token_auc']} for k, v in ev.items()}}
            print(json.dumps(rec), flush=True)
            log.write(json.dumps(rec) + '\n')
        if args.max_minutes and time.time() - t0 > args.max_minutes * 60:
            stopped_early = True
            break
    train_s = time.time() - t0
    if args.probe:
        print(f'probe: {train_s / total:.3f} s/step, {total * args.batch * 256 / train_s:.0f} tokens/s (incl. padding)')
        return
    torch.save({'config': CONFIG, 'state': model.state_dict(), 'steps': step + 1, 'seed': SEED}, os.path.join(DATA, 'model.pt'))
    ev = evaluate(model, files, tok, test_wins, SEED + 3)
    result = {'steps': step + 1, 'planned_steps': args.steps, 'stopped_early': stopped_early, 'batch': args.batch,
              'train_seconds': round(train_s), 'train_windows': len(train_wins), 'test_windows': len(test_wins),
              'epochs': round((step + 1) * args.batch / len(train_wins), 3), 'params': count_params(model),
              'args': vars(args), 'seed': SEED, 'eval_rate': EVAL_RATE[0], 'test': ev}
    json.dump(result, open(os.path.join(DATA, 'eval.json'), 'w'), indent=1)
    print(json.dumps(result, indent=1), flush=True)


if __name__ == '__main__':
    main()
