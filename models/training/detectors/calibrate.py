"""Per-rule calibration on the `calib` projects, every reported figure on the `test` projects (both never trained on).

For each rule and language:
  false findings per 100 lines  sites of clean held-out files scored as written (best alternative) at or
                                above the threshold, per 100 lines of all held-out files of the language
                                (files without sites count: they are clean code the rule ran on);
  recall on planted bugs        each held-out site mutated once (a random alternative, seeded; swapped
                                arguments: the pair exchanged), reported when the mutated site scores at or
                                above the threshold; `recallWithFix`: and the suggestion is the original token;
  pair discrimination           mutated site's score > the same site's score as written (ties count half).
The threshold is the smallest score giving at most --budget false findings per 100 calib lines; a rule
is default-on when, on the test projects, it has recall ≥ 30% and discrimination ≥ 0.80 in every language
and the default-on rules together stay ≤ 0.3 false findings per 100 lines in every language.

swapped-arguments with --swap-gate GATE.json --gate-sites SWAP.jsonl (a swapped-arguments dump with the
gate evidence, `DUMP_RULES=swapped-arguments DUMP_HELD_OUT=1 dump-sites.mjs`): a site counts (clean or
planted) only when it also passes the name-evidence gate (`swap_gate`, the same test as sites.ts
`swapGate`), in the orientation scored; the threshold is then chosen among gated calib sites.

Usage: /usr/bin/python3 models/training/detectors/calibrate.py --run DIR --sites S0,S1 [--budget 0.08]
         [--swap-gate gate.json --gate-sites swap.jsonl] [--rule-budget swapped-arguments=0.01]
         [--manifest models/detectors.json] [--results models/training/detectors/results/calibration.json]
       writes the manifest and the results file (defaults above)
"""
import argparse
import json
import os
import random
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train import BAG, NB, RULES, Detector, load_sites, predict, rows_for  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
LANGS = ('python', 'javascript')


def swap_gate(facts, gate, swapped=False):
    """sites.ts swapGate: positive name evidence that the two arguments are in the wrong order."""
    if not facts or facts['excluded']:
        return False
    if gate.get('strict') and (facts['short'] or facts['mirror']):
        return False
    sims = facts['sims']
    if sims and swapped:
        sims = [sims[2], sims[3], sims[0], sims[1]]
    same, cross = (facts['cross'], facts['same']) if swapped else (facts['same'], facts['cross'])
    same_at, cross_at = (facts['crossAt'], facts['sameAt']) if swapped else (facts['sameAt'], facts['crossAt'])
    if sims:
        margin = sims[1] + sims[2] - (sims[0] + sims[3])
        if margin <= -gate['nameMargin']:
            return False
        fit = min(sims[1], sims[2]) if gate['bothSides'] else max(sims[1], sims[2])
        if margin >= gate['nameMargin'] and fit >= gate['minSimilarity']:
            return True
    if gate['uses'] == 'none' or (gate.get('strict') and facts['test']):
        return False
    if cross >= gate['minCross'] and same == 0:
        return True
    return gate['uses'] == 'at' and cross_at >= gate['minCross'] and same_at == 0


def gated(res, sites, gate):
    """Scores of sites the gate does not pass set to 0 (below every threshold), as written and planted."""
    clean, buggy, fixok = res
    g0 = np.array([swap_gate(s.get('g'), gate) for s in sites])
    g1 = np.array([swap_gate(s.get('g'), gate, swapped=True) for s in sites])
    return np.where(g0, clean, 0.0), np.where(g1, buggy, 0.0), fixok


def scored(model, sites, pairs, seed):
    """Per site: (clean score, clean best alternative, buggy score, buggy best alternative == original)."""
    rng = random.Random(seed)
    rows, plan = [], []
    for s in sites:
        mut = 'swap' if s['r'] == 'swapped-arguments' else rng.choice(s['a'])
        r0 = rows_for(pairs, s)
        r1 = rows_for(pairs, s, mutated_to=mut)
        alts1 = [None] if mut == 'swap' else [x for x in [s['w']] + s['a'] if x != mut]
        plan.append((len(rows), len(r0), len(r0) + len(rows), len(r1), alts1, s['w']))
        rows += r0 + r1
    p = predict(model, np.stack(rows)) if rows else np.zeros(0)
    clean, buggy, fixok = [], [], []
    for a, n0, b, n1, alts1, orig in plan:
        clean.append(p[a:a + n0].max())
        seg = p[b:b + n1]
        buggy.append(seg.max())
        best = alts1[int(seg.argmax())]
        fixok.append(best is None or best == orig)
    return np.array(clean), np.array(buggy), np.array(fixok)


def figures(clean, buggy, fixok, lines, thr):
    fp = int((clean >= thr).sum())
    hit = buggy >= thr
    return {'falsePer100Lines': round(100 * fp / max(1, lines), 3), 'falseFindings': fp, 'lines': lines,
            'recall': round(float(hit.mean()), 4) if len(hit) else None,
            'recallWithFix': round(float((hit & fixok).mean()), 4) if len(hit) else None,
            'plantedBugs': len(buggy),
            'pairDiscrimination': round(float(np.mean((buggy > clean) + 0.5 * (buggy == clean))), 4) if len(buggy) else None}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--run', required=True)
    ap.add_argument('--sites', required=True)
    ap.add_argument('--data', default='/work/neural-data')
    ap.add_argument('--files', default=None, help='files.jsonl the sites index (default <data>/corpus/order.jsonl)')
    ap.add_argument('--budget', type=float, default=0.08, help='false findings per 100 calib lines allowed per rule and language')
    ap.add_argument('--manifest', default='models/detectors.json')
    ap.add_argument('--results', default=os.path.join(HERE, 'results/calibration.json'))
    ap.add_argument('--swap-gate', default=None, help='JSON file: the swapped-arguments gate (sites.ts SwapGate)')
    ap.add_argument('--gate-sites', default=None, help='site dump(s) with the gate evidence (g) of every held-out swap site: a swap-only dump or the full s0,s1')
    ap.add_argument('--rule-budget', action='append', default=[], help='RULE=BUDGET: a tighter budget for one rule')
    args = ap.parse_args()
    gate = json.load(open(args.swap_gate)) if args.swap_gate else None
    budgets = {k: float(v) for k, v in (x.split('=') for x in args.rule_budget)}
    torch.set_num_threads(1)
    files = [json.loads(l) for l in open(args.files or os.path.join(args.data, 'corpus/order.jsonl'))]
    paths = args.sites.split(',')
    pairs = json.load(open(paths[0] + '.pairs.json'))
    log = json.load(open(os.path.join(args.run, 'train-log.json')))
    model = Detector(log['args']['dim'], log['args']['hidden'])
    model.load_state_dict(torch.load(os.path.join(args.run, 'detector.pt')))
    sites = load_sites(paths, files, splits=('calib', 'test'))
    if gate:  # the swap sites with their gate evidence replace the main dump's
        sites = [s for s in sites if s['r'] != 'swapped-arguments'] + load_sites(args.gate_sites.split(','), files, rules=('swapped-arguments',), splits=('calib', 'test'))
    last_held_out = max(i for i, f in enumerate(files) if f['split'] != 'train')
    last_dumped = min(max(json.loads(l)['f'] for l in open(p)) for p in paths)
    assert last_dumped > last_held_out, 'the site dump has not yet passed every held-out file'
    lines = {}
    for f in files:
        if f['split'] != 'train':
            key = (f['split'], 'python' if f['language'] == 'python' else 'javascript')
            lines[key] = lines.get(key, 0) + f['lines']
    out = {'budgetPer100LinesPerRule': args.budget, 'ruleBudgets': budgets, 'rules': {}}
    thresholds = {}
    for rule in RULES:
        out['rules'][rule] = {}
        thresholds[rule] = {}
        for lang in LANGS:
            res = {}
            ungated_calib = None
            for split in ('calib', 'test'):
                ss = [s for s in sites if s['r'] == rule and s['lang'] == lang and s['split'] == split]
                res[split] = scored(model, ss, pairs, seed=11) if ss else None
                if gate and rule == 'swapped-arguments' and ss:
                    if split == 'calib':
                        ungated_calib = res[split][0]
                    res[split] = gated(res[split], ss, gate)
            if res['calib'] is None:
                continue
            n = lines.get(('calib', lang), 1)
            allowed = int(budgets.get(rule, args.budget) * n / 100)

            def budget_threshold(c_clean):
                ordered = np.sort(c_clean)[::-1]
                thr = float(ordered[allowed]) + 1e-6 if allowed < len(ordered) else 0.5
                return max(0.5, min(thr, 0.9999))
            thr = budget_threshold(res['calib'][0])
            if ungated_calib is not None:  # the gate only removes findings the model alone would report at its own threshold
                thr = max(thr, budget_threshold(ungated_calib))
            thresholds[rule][lang] = round(thr, 4)
            entry = {'threshold': round(thr, 4)}
            if gate and rule == 'swapped-arguments':
                entry['gate'] = gate
            for split in ('calib', 'test'):
                if res[split] is not None:
                    entry[split] = figures(*res[split], lines.get((split, lang), 1), thr)
            out['rules'][rule][lang] = entry
            print(rule, lang, json.dumps(entry), flush=True)
    def test_of(rule, lang):
        return out['rules'][rule].get(lang, {}).get('test', {})
    total = {lang: round(sum(test_of(r, lang).get('falsePer100Lines', 0) for r in RULES), 3) for lang in LANGS}
    out['testFalsePer100LinesAllRules'] = total
    # Default-on: recall and discrimination met in every language, then the candidates' false findings together.
    candidates = [r for r in RULES if all((test_of(r, lang).get('recall') or 0) >= 0.30 and
                                          (test_of(r, lang).get('pairDiscrimination') or 0) >= 0.80 for lang in LANGS)]
    together = {lang: round(sum(test_of(r, lang).get('falsePer100Lines', 0) for r in candidates), 3) for lang in LANGS}
    while candidates and any(v > 0.3 for v in together.values()):  # drop the rule with the most false findings
        candidates.remove(max(candidates, key=lambda r: sum(test_of(r, lang).get('falsePer100Lines', 0) for lang in LANGS)))
        together = {lang: round(sum(test_of(r, lang).get('falsePer100Lines', 0) for r in candidates), 3) for lang in LANGS}
    out['testFalsePer100LinesDefaultOn'] = together
    rules_meta = {}
    for rule in RULES:
        rules_meta[rule] = {'thresholds': thresholds[rule], 'defaultOn': rule in candidates,
                            'measured': {lang: out['rules'][rule].get(lang, {}).get('test') for lang in LANGS}}
        if gate and rule == 'swapped-arguments':
            rules_meta[rule]['gate'] = gate
    out['defaultOn'] = {r: rules_meta[r]['defaultOn'] for r in RULES}
    os.makedirs(os.path.dirname(os.path.abspath(args.results)), exist_ok=True)
    json.dump(out, open(args.results, 'w'), indent=1)
    manifest = {'name': 'toasty-detectors', 'format': 1, 'model': 'toasty-detectors.onnx', 'sitesVersion': pairs.get('__sitesVersion', 1),
                'buckets': 1 << 16, 'bag': BAG, 'bags': NB + 1, 'training': {'params': log['params'], 'rows': log['trainingRows'],
                                                             'steps': log['curve'][-1]['step'], 'args': log['args']},
                'rules': rules_meta}
    json.dump(manifest, open(args.manifest, 'w'), indent=1)
    print(json.dumps({'testFalsePer100LinesAllRules': total, 'testFalsePer100LinesDefaultOn': together, 'defaultOn': out['defaultOn']}))


if __name__ == '__main__':
    main()
