"""Wall time for the built-in demo to reach a validation accuracy (default 97%).

Runs `udc_classifier.learner.train.train(demo_config())` exactly as `udc-train --demo` does and reads
the run's history.csv: the first epoch whose validation accuracy reaches the target, the training
time up to and including it, and the whole command's wall time.

    python bench/time_to_accuracy.py --target 0.97
    python bench/time_to_accuracy.py --smoke
"""
import argparse, sys, tempfile, time, warnings
warnings.filterwarnings('ignore', message='`torch.jit.script` is deprecated')

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--target', type=float, default=0.97)
    p.add_argument('--smoke', action='store_true', help='1 epoch of a tiny model (CI)')
    args, rest = p.parse_known_args(argv)
    t0 = time.perf_counter()
    import pandas as pd, torch
    import fastprogress.fastprogress as fp
    fp.NO_BAR = True
    from udc_classifier.config import parse_overrides
    from udc_classifier.learner.train import train, demo_config
    over = parse_overrides(rest)
    if args.smoke: over.update(model_name='test_resnet', image_size=16, epochs=1)
    run = train(demo_config(output_dir=tempfile.mkdtemp(), **over))
    wall = time.perf_counter() - t0
    h = pd.read_csv(run.run_dir/'history.csv')
    h['cum_s'] = h['epoch_time_s'].cumsum()
    hit = h[h['accuracy'] >= args.target]
    print(f"time_to_accuracy: {run.config.model_name} {run.config.image_size}px, {len(h)} epochs, "
          f"threads={torch.get_num_threads()}")
    print(h[['epoch', 'train_loss', 'valid_loss', 'accuracy', 'epoch_time_s', 'cum_s']].to_string(index=False))
    if len(hit):
        e = hit.iloc[0]
        print(f"reached {args.target:.0%} validation accuracy at epoch {int(e.epoch) + 1}: {e.cum_s:.1f} s of training")
    else: print(f"did not reach {args.target:.0%} (best {h.accuracy.max():.4f})")
    print(f"final valid accuracy {h.accuracy.iloc[-1]:.4f}; whole run incl. imports, data, evaluation, export: {wall:.1f} s")
    return 0 if (len(hit) or args.smoke) else 1

if __name__ == '__main__': sys.exit(main())
