"""Overhead of one sweep point run through papermill against calling `train(cfg)` directly.

Three ways to run the same config (same seed, same run settings):
  direct   - `train(cfg)` inside this already warm process (the floor: no imports, no kernel);
  process  - `python -c "train(cfg)"` in a fresh process (what a shell loop over configs costs);
  papermill- the experiment notebook `udc-sweep` executes, with papermill and a fresh kernel, as a sweep
             point runs it (`execute_experiment`: the kernel ended at once after the last cell), and
             beside it with papermill's default graceful kernel shutdown (the way points ran before).
The papermill time is broken down from papermill's own per-cell timings: kernel start and
notebook I/O (wall time outside the cells), imports, training, and the inline report.

    python bench/sweep_overhead.py                  # demo config, 2 epochs
    python bench/sweep_overhead.py --before OLD.ipynb   # also the point with another experiment notebook (before/after)
    python bench/sweep_overhead.py --smoke
"""
import argparse, json, subprocess, sys, tempfile, time, warnings
from pathlib import Path
warnings.filterwarnings('ignore', message='`torch.jit.script` is deprecated')

def cell_times(nb_path):
    "(first line of source, seconds) for each executed code cell, from papermill's metadata."
    nb = json.loads(Path(nb_path).read_text())
    out = []
    for c in nb['cells']:
        d = c.get('metadata', {}).get('papermill', {}).get('duration')
        if c['cell_type'] == 'code' and d is not None:
            first = next((l for l in ''.join(c['source']).splitlines() if l.strip() and not l.startswith('#|')), '')
            out.append((first[:60], float(d)))
    return out

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--epochs', type=int, default=2); p.add_argument('--smoke', action='store_true')
    p.add_argument('--before', help='another experiment notebook (e.g. an earlier version of the packaged one) to run the same point with, beside it')
    args = p.parse_args(argv)
    over = dict(epochs=args.epochs)
    if args.smoke: over.update(model_name='test_resnet', image_size=16, epochs=1)
    import papermill as pm
    import fastprogress.fastprogress as fp
    fp.NO_BAR = True
    from udc_classifier.core import kernel_for_this_python
    from udc_classifier.sweep.run import experiment_notebook, execute_experiment
    from udc_classifier.learner.train import train, demo_config
    tmp = Path(tempfile.mkdtemp())
    train(demo_config(output_dir=str(tmp/'warm'), **{**over, 'epochs': 1}))   # warm caches (demo data, imports)

    t = time.perf_counter(); train(demo_config(output_dir=str(tmp/'direct'), **over)); direct = time.perf_counter() - t

    code = ("import warnings; warnings.filterwarnings('ignore'); import fastprogress.fastprogress as fp; fp.NO_BAR=True\n"
            "from udc_classifier.learner.train import train, demo_config\n"
            f"train(demo_config(output_dir={str(tmp/'process')!r}, **{over!r}))")
    t = time.perf_counter(); subprocess.run([sys.executable, '-c', code], check=True, capture_output=True); process = time.perf_counter() - t
    t = time.perf_counter(); subprocess.run([sys.executable, '-c', 'import udc_classifier.learner.train'], check=True, capture_output=True); imports = time.perf_counter() - t

    def papermill_point(name, shutdown, notebook=None):
        out_nb = tmp/f'{name}.ipynb'
        t = time.perf_counter()
        execute_experiment(notebook or experiment_notebook(), out_nb, dict(overrides=json.dumps(over), output_dir=str(tmp/name)), shutdown=shutdown, cwd=str(tmp))
        return time.perf_counter() - t, cell_times(out_nb)
    graceful, _ = papermill_point('papermill_graceful', 'graceful')
    papermill, cells = papermill_point('papermill', 'immediate')
    before = papermill_point('papermill_before', 'immediate', args.before) if args.before else None
    in_cells = sum(d for _, d in cells)

    print(f"sweep_overhead: demo config {over}")
    print(f"  direct train(cfg) in a warm process : {direct:7.2f} s")
    print(f"  fresh process (python -c train(cfg)): {process:7.2f} s   (+{process - direct:.2f} s; bare 'import udc_classifier.learner.train' takes {imports:.2f} s)")
    print(f"  papermill experiment notebook       : {papermill:7.2f} s   (+{papermill - direct:.2f} s, {100 * (papermill - direct) / papermill:.0f}% of the point)")
    print(f"    kernel start, notebook I/O, end    : {papermill - in_cells:7.2f} s")
    for src, d in cells:
        print(f"    cell {d:7.2f} s  {src}")
    print(f"  papermill, graceful kernel shutdown : {graceful:7.2f} s   (+{graceful - direct:.2f} s; the ending alone: {graceful - papermill:+.2f} s)")
    if before:
        print(f"  papermill, --before notebook         : {before[0]:7.2f} s   (+{before[0] - direct:.2f} s; {args.before})")
        for src, d in before[1]: print(f"    cell {d:7.2f} s  {src}")
    return 0

if __name__ == '__main__': sys.exit(main())
