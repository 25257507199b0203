"""The instant cost sweep: one trained run decided again at every cost, against retraining at every cost.

A  `posthoc_sweep(run_dir, spec, write=False)`: read the run's predictions.csv, labels.json and decision.json, fit each
   point's decision on the validation split (the run's temperature kept), evaluate valid and test as `evaluate_splits`
   does. The sweep: cell [3][8] of the demo cost matrix (a 3 read as an 8) from 1 to 21, 21 points.
B  measured in the same process: one `train(cfg)` of the run's config, i.e. what ONE point of a retraining sweep costs at
   the least (no papermill, no kernel start), and the same post-hoc sweep with plain `evaluate_splits` per point
   (`fast=False`: no `evaluate.MetricsCache`). A and B(plain) alternate, round by round.
Every point of A is checked against a direct recomputation (the run's `Decision` with the point's cost matrix applied to
the logits of predictions.csv: expected cost, accuracy and the swept cell on valid and test), and A equals B(plain).

    python bench/posthoc_sweep.py                 # digits demo (resnet10t, 32 px, 5 epochs), 21 points, 5 rounds
    python bench/posthoc_sweep.py --run results/demo_digits   # reuse a finished run (no train baseline)
    python bench/posthoc_sweep.py --smoke         # tiny model, 1 epoch, 1 round: checks that it runs, not a measurement
"""
import argparse, statistics, sys, tempfile, time, warnings
from pathlib import Path
warnings.filterwarnings('ignore', message='`torch.jit.script` is deprecated')
warnings.filterwarnings('ignore', message='The y_prob values do not sum to one')

def direct_check(res, spec, run_dir):
    "Largest difference between each point's numbers and a direct recomputation; raises when the cell counts differ."
    import numpy as np, pandas as pd
    from udc_classifier.rundir import RunDir
    from udc_classifier.decisions import Decision
    rd = RunDir(run_dir)
    pc = pd.read_csv(rd.predictions, dtype={'label': str})
    names = rd.read_labels()['class_names']
    run_dec = Decision.load(rd.decision)
    i, j = spec.matrix_cell
    worst = 0.0
    for _, row in res.table.iterrows():
        C = np.array(spec.base_config['cost_matrix'], dtype=float); C[i, j] = row['cost']
        dec = Decision(**{**run_dec.to_dict(), 'cost_matrix': C.tolist()})
        for split, g in pc.groupby('split'):
            y = g.label.map(names.index).to_numpy()
            _, d = dec.apply(logits=g[[f'logit_{c}' for c in names]].to_numpy())
            am = g[[f'raw_prob_{c}' for c in names]].to_numpy().argmax(1)
            for col, v in ((f'{split}.decision.expected_cost', C[y, d].mean()), (f'{split}.decision.accuracy', (d == y).mean()),
                           (f'{split}.argmax.expected_cost', C[y, am].mean())):
                worst = max(worst, abs(float(row[col]) - float(v)))
            if int(row[f'{split}.decision.cell']) != int(((y == i) & (d == j)).sum()): raise AssertionError(f"cost {row['cost']}, {split}: cell differs")
    return worst

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--points', type=int, default=21); p.add_argument('--rounds', type=int, default=5)
    p.add_argument('--epochs', type=int, default=5); p.add_argument('--run', help='a finished run to re-decide (skips training)')
    p.add_argument('--smoke', action='store_true')
    a = p.parse_args(argv)
    if a.smoke: a.rounds, a.points = 1, 6
    import fastprogress.fastprogress as fp
    fp.NO_BAR = True
    import pandas as pd
    from udc_classifier.core import read_json
    from udc_classifier.rundir import RunDir
    from udc_classifier.sweep.spec import load_sweep
    from udc_classifier.sweep.posthoc import posthoc_sweep
    from udc_classifier.learner.train import train, demo_config
    tmp = Path(tempfile.mkdtemp(prefix='udc-posthoc-bench-'))
    over = dict(model_name='test_resnet', image_size=16, epochs=1, head_width=32) if a.smoke else dict(epochs=a.epochs)
    train_s = None
    if a.run: run_dir = Path(a.run)
    else:
        if not a.smoke: train(demo_config(output_dir=str(tmp/'warm'), model_name='test_resnet', image_size=16, epochs=1))  # warm caches and imports
        cfg = demo_config(output_dir=str(tmp), run_name='base', **over)
        t = time.perf_counter(); run = train(cfg); train_s = time.perf_counter() - t
        run_dir = run.run_dir
    base = read_json(RunDir(run_dir).config)
    spec = load_sweep({'cost_range': {'min': 1, 'max': a.points, 'step': 1}, 'matrix_cell': {'row': 3, 'col': 8},
                       'experiment': {'output_dir': str(tmp/'sweep'), 'base_config': base, 'description': 'cost of a 3 read as an 8'}})
    posthoc_sweep(run_dir, spec, write=False)   # warm: first calls of scikit-learn's metrics
    fast, plain = [], []
    for _ in range(a.rounds):
        r = posthoc_sweep(run_dir, spec, write=False); fast.append(r.compute_s)
        q = posthoc_sweep(run_dir, spec, write=False, fast=False); plain.append(q.compute_s)
    pd.testing.assert_frame_equal(r.table.drop(columns='wall_s'), q.table.drop(columns='wall_s'))
    worst = direct_check(r, spec, run_dir)
    if worst > 1e-12: raise AssertionError(f"post-hoc numbers differ from the direct recomputation by {worst:.3g}")
    t = time.perf_counter(); w = posthoc_sweep(run_dir, spec); write_s = time.perf_counter() - t
    preds = pd.read_csv(RunDir(run_dir).predictions, usecols=['split'])['split'].value_counts().to_dict()
    med = statistics.median(fast)
    print(f"posthoc_sweep: run {run_dir} ({len(r.decisions[next(iter(r.decisions))].class_names)} classes, images {preds}), "
          f"{len(r.table)} points of cost_matrix[3][8] = 1..{a.points}" + (' [smoke: not a measurement]' if a.smoke else ''))
    print(f"  A post-hoc, remembered metrics : " + ', '.join(f'{v:.3f}' for v in fast) + f" s  (median {med:.3f} s, {med / len(r.table) * 1000:.1f} ms per point)")
    print(f"  B post-hoc, plain evaluate      : " + ', '.join(f'{v:.3f}' for v in plain) + f" s  (median {statistics.median(plain):.3f} s); A/B time "
          f"{med / statistics.median(plain):.3f}")
    print(f"  with files (CSV, {len(r.decisions)} decisions, figures, report): {write_s:.2f} s -> {w.spec.output_dir}")
    if train_s is not None:
        print(f"  B one train(cfg) (one retraining point, no papermill): {train_s:.2f} s; {len(r.table)} points by retraining >= {train_s * len(r.table):.0f} s, "
              f"{train_s * len(r.table) / med:.0f}x the post-hoc sweep")
    print(f"  check: every point equals a direct recomputation (max |diff| {worst:.1e}), and A equals B(plain) column for column")
    print(f"  target: {len(r.table)} points under 2 s of compute: {'met' if med < 2 else 'NOT met'}")
    return 0

if __name__ == '__main__': sys.exit(main())
