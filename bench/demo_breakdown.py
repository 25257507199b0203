"""Where `udc-train --demo` spends its time: the imports, each phase of `train`, and the end of the process.

Runs the demo config in this fresh process (as `udc-train --demo` does, without the printing), timing
`import udc_classifier.learner.train`, then each phase of `train` by wrapping the functions that do it:
the items table and the image check (`prepare_items`), data loaders and learner (`build_run`), the
epochs (`_fit`), predicting valid and test (`predict_split`), fitting the decision, the report with its
figures (`report_splits`; `_save_fig` is the saving of the figures inside it) and `model.pkl` (`_export`).
The imports run as in the console script (`core.frozen_imports`: no garbage collection during them, their objects
frozen after); `--plain-gc` leaves the collector as in a notebook's process, for the comparison. The time the
garbage collector took is printed for the imports and for `train`. Then the end of a process that has imported
torch, fastai and timm, in two fresh processes: the interpreter's ordinary shutdown (B) against the console scripts'
`gc.freeze()` before exiting (A).

    python bench/demo_breakdown.py
    python bench/demo_breakdown.py --plain-gc
    python bench/demo_breakdown.py --smoke
"""
import time
t0 = time.perf_counter()
import argparse, contextlib, gc, io, subprocess, sys, tempfile, warnings
warnings.filterwarnings('ignore', message='`torch.jit.script` is deprecated')
GC = [0, 0.]   # collections in this process, and their seconds
def _gc_clock(phase, info, _start=[0.]):
    if phase == 'start': _start[0] = time.perf_counter()
    else: GC[0] += 1; GC[1] += time.perf_counter() - _start[0]
gc.callbacks.append(_gc_clock)
from udc_classifier.core import frozen_imports
with frozen_imports('--plain-gc' not in sys.argv): import udc_classifier.learner.train as T   # as the console script imports it
t_import, gc_import = time.perf_counter() - t0, tuple(GC)
import udc_classifier.report.text as RT

PHASES = [(T, 'prepare_items'), (T, 'build_run'), (T, '_fit'), (T, 'predict_split'), (T, 'run_decision'),
          (T, 'report_splits'), (RT, '_save_fig'), (T, '_export')]

def timed(acc):
    "Wrap every function of `PHASES` so that its time adds up in `acc`."
    for mod, name in PHASES:
        f = getattr(mod, name)
        def g(*a, _f=f, _n=name, **k):
            s = time.perf_counter()
            try: return _f(*a, **k)
            finally: acc[_n] = acc.get(_n, 0.) + time.perf_counter() - s
        setattr(mod, name, g)

def process_end(freeze:bool) -> float:
    "Seconds from the last atexit handler to the end of a process that imported udc's training layer."
    code = ("import time, sys, atexit\nimport udc_classifier.learner.train\n"
            "atexit.register(lambda: sys.stderr.write(repr(time.time())))\n" + ("import gc; gc.freeze()\n" if freeze else ''))
    r = subprocess.run([sys.executable, '-W', 'ignore', '-c', code], capture_output=True, text=True)
    end = time.time()
    return end - float(r.stderr.strip().split()[-1])

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--smoke', action='store_true', help='a 1-epoch tiny model (CI)')
    p.add_argument('--plain-gc', action='store_true', help="the garbage collector as in a notebook's process (no freezing after the imports)")
    args = p.parse_args(argv)
    over = dict(model_name='test_resnet', image_size=16, epochs=1) if args.smoke else {}
    acc = {}
    timed(acc)
    s, gc0 = time.perf_counter(), tuple(GC)
    with contextlib.redirect_stdout(io.StringIO()): run = T.train(T.demo_config(output_dir=tempfile.mkdtemp(), **over))
    t_train, gc_train = time.perf_counter() - s, (GC[0] - gc0[0], GC[1] - gc0[1])
    print(f"demo_breakdown: demo config {over or '(as udc-train --demo)'}, valid accuracy {run.metrics['valid']['argmax']['accuracy']:.4f}")
    how = 'collector as in a notebook' if args.plain_gc else 'as the console script'
    print(f"  import udc_classifier.learner.train : {t_import:6.2f} s   (garbage collection {gc_import[1]:.2f} s in {gc_import[0]} collections; {how})")
    print(f"  train(demo_config())                : {t_train:6.2f} s   (garbage collection {gc_train[1]:.2f} s in {gc_train[0]} collections)")
    for _, name in PHASES:
        inside = '    (inside report_splits)' if name == '_save_fig' else ''
        print(f"    {name:32s}: {acc.get(name, 0.):6.2f} s{inside}")
    rest = t_train - sum(v for k, v in acc.items() if k != '_save_fig')
    print(f"    {'the rest (folders, logs, summary)':32s}: {rest:6.2f} s")
    a, b = process_end(True), process_end(False)
    print(f"  end of the process after the last atexit handler: gc.freeze() first (A) {a:.2f} s, "
          f"ordinary shutdown (B) {b:.2f} s")
    return 0

if __name__ == '__main__': sys.exit(main())
