"""Prediction throughput: `udc-predict` (A) against a plain timm + PIL loop (B), in one process.

A is `predict_to_csv`, the function behind `udc-predict`: it loads the run (weights, decision), reads a folder
of images, predicts in batches, applies the run's decision and writes the predictions CSV. B is what a user
would write by hand: build the same timm network, load the run's best weights, then for each batch open the
files with PIL, crop to a square, resize, normalise, run the model, take the softmax and the argmax, and
write a CSV. Both run end to end (loading included), in the same process, alternating A and B for
`--rounds` rounds; the script prints images/s for each round and the ratio A/B (min/median/max).

The run is a 1-epoch demo run (resnet10t, 32 px) made by the script, or `--run RUN`; the images are `--n`
JPEGs of `--size` px made from the demo digits (unlabelled, so that A writes no evaluation report). On the CPU A runs
the network in the channels_last layout (faster there); `--plain-channels-last` gives B the same layout, to see the
rest of the difference.

    python bench/predict_throughput.py --n 1000 --rounds 5
    python bench/predict_throughput.py --n 1000 --rounds 5 --plain-channels-last
    python bench/predict_throughput.py --smoke
"""
import argparse, contextlib, csv, io, json, statistics, sys, tempfile, time, warnings
from pathlib import Path
warnings.filterwarnings('ignore', message='`torch.jit.script` is deprecated')
import numpy as np, torch
from PIL import Image

def make_images(n, size, out):
    "`n` RGB JPEGs of `size` px (the demo digits, enlarged and tinted) in `out`; their paths."
    from udc_classifier.data.sources import demo_digits
    src = sorted(p for p in demo_digits().rglob('*.png'))
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        g = np.asarray(Image.open(src[i % len(src)]).convert('L').resize((size, size), Image.BILINEAR), dtype=np.float32)
        rgb = np.stack([g, g * 0.8, 255 - g * 0.5], -1).clip(0, 255).astype(np.uint8)
        p = out/f'{i:05d}.jpg'; Image.fromarray(rgb).save(p, quality=90); paths.append(p)
    return paths

def run_udc(run, folder, out_csv, bs):
    "A: `udc-predict --run RUN --input FOLDER --output OUT` as a function call; images/s end to end."
    from udc_classifier.inference.batch import predict_to_csv
    t = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        df = predict_to_csv(run, folder, out_csv, batch_size=bs, progress=False)
    return len(df) / (time.perf_counter() - t)

def run_plain(run, paths, out_csv, bs, channels_last=False):
    "B: timm network + the run's weights, PIL and torch by hand (`channels_last`: model and batches in that layout); images/s end to end."
    from udc_classifier.models import create_model
    t = time.perf_counter()
    cfg = json.loads((run/'config.json').read_text())
    names = json.loads((run/'labels.json').read_text())
    names = names['class_names'] if isinstance(names, dict) else names
    model = create_model(cfg['model_name'], len(names), head_depth=cfg['head_depth'], head_width=cfg['head_width'])
    model.load_state_dict(torch.load(run/'checkpoints'/'best.pth', map_location='cpu', weights_only=True)['model'])
    model.eval()
    if channels_last: model = model.to(memory_format=torch.channels_last)
    S = cfg['image_size']
    mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1); std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
    rows = []
    with torch.no_grad():
        for i in range(0, len(paths), bs):
            ims = []
            for p in paths[i:i + bs]:
                with Image.open(p) as im:
                    im = im.convert('RGB'); w, h = im.size; m = min(w, h)
                    im = im.crop(((w - m) // 2, (h - m) // 2, (w - m) // 2 + m, (h - m) // 2 + m)).resize((S, S), Image.BILINEAR)
                ims.append(torch.from_numpy(np.array(im, dtype=np.uint8)).permute(2, 0, 1))
            x = (torch.stack(ims).float() / 255 - mean) / std
            if channels_last: x = x.contiguous(memory_format=torch.channels_last)
            probs = model(x).softmax(1).numpy()
            rows += [[str(p), names[k], *pr] for p, k, pr in zip(paths[i:i + bs], probs.argmax(1), probs)]
    with open(out_csv, 'w', newline='') as f:
        w = csv.writer(f); w.writerow(['path', 'prediction', *[f'prob_{c}' for c in names]]); w.writerows(rows)
    return len(rows) / (time.perf_counter() - t)

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--n', type=int, default=1000); p.add_argument('--size', type=int, default=64)
    p.add_argument('--bs', type=int, default=64); p.add_argument('--rounds', type=int, default=5)
    p.add_argument('--run', default=None, help='a finished run folder (default: a 1-epoch demo run made here)')
    p.add_argument('--plain-channels-last', action='store_true', help='B in the channels_last layout too (udc-predict uses it on the CPU)')
    p.add_argument('--smoke', action='store_true', help='one tiny round (CI)')
    args = p.parse_args(argv)
    if args.smoke: args.n, args.rounds = 40, 1
    tmp = Path(tempfile.mkdtemp())
    if args.run: run = Path(args.run)
    else:
        from udc_classifier.learner.train import train, demo_config
        with contextlib.redirect_stdout(io.StringIO()):
            run = train(demo_config(output_dir=str(tmp/'runs'), epochs=1, **({'model_name': 'test_resnet', 'image_size': 16} if args.smoke else {}))).run_dir
    paths = make_images(args.n, args.size, tmp/'images')
    print(f"predict_throughput: {args.n} JPEGs of {args.size} px, run {run.name} ({json.loads((run/'config.json').read_text())['model_name']}), "
          f"batch {args.bs}, threads={torch.get_num_threads()}, plain loop layout: {'channels_last' if args.plain_channels_last else 'default'}")
    run_plain(run, paths[:args.bs], tmp/'warm.csv', args.bs, args.plain_channels_last)   # warm: imports, file cache, first allocations
    run_udc(run, tmp/'images', tmp/'warm_udc.csv', args.bs)
    ratios = []
    for r in range(args.rounds):
        a = run_udc(run, tmp/'images', tmp/f'udc_{r}.csv', args.bs)
        b = run_plain(run, paths, tmp/f'plain_{r}.csv', args.bs, args.plain_channels_last)
        ratios.append(a / b)
        print(f"  round {r + 1}: udc-predict {a:8.1f} img/s   plain timm+PIL {b:8.1f} img/s   A/B {a / b:.3f}")
    print(f"A/B ratio: min {min(ratios):.3f}  median {statistics.median(ratios):.3f}  max {max(ratios):.3f}")
    return 0

if __name__ == '__main__': sys.exit(main())
