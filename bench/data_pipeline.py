"""Decode + augment throughput: udc_classifier's fastai DataLoaders (A) against torchvision's
ImageFolder + DataLoader (B) with matching transforms and the same number of workers.

Real JPEGs of realistic sizes (256-500 px, written once into a cache folder) are decoded, resized
to the network size, randomly flipped/rotated/zoomed/warped and lighting-jittered, and normalised.
On the CPU udc augments each image in the workers (`ItemAugment`, the default there); with
`--augment-on device` it runs fastai's batch augmentation in the main process instead, as on a GPU.
torchvision does everything per image in the workers. A and B alternate `--rounds` times in one process; images/s and the ratio A/B are printed.

    python bench/data_pipeline.py --images 512 --size 224 --bs 64 --workers 2 --rounds 3
    python bench/data_pipeline.py --smoke
"""
import argparse, statistics, sys, time, warnings
from pathlib import Path
warnings.filterwarnings('ignore', message='`torch.jit.script` is deprecated')
import numpy as np, torch

def make_jpegs(root:Path, n:int, n_classes:int=4, seed:int=0) -> Path:
    "Write `n` JPEGs of random sizes (256-500 px) with smooth structure plus noise, as class folders."
    from PIL import Image
    marker = root/f'.done-{n}'
    if marker.exists(): return root
    rng = np.random.default_rng(seed)
    for i in range(n):
        w, h = rng.integers(256, 501, size=2)
        yy, xx = np.mgrid[0:h, 0:w] / max(w, h)
        base = np.stack([np.sin(xx * rng.uniform(2, 12) + c) * np.cos(yy * rng.uniform(2, 12)) for c in range(3)], -1)
        img = ((base + 1) * 110 + rng.normal(0, 12, (h, w, 3))).clip(0, 255).astype(np.uint8)
        d = root/f'class{i % n_classes}'; d.mkdir(parents=True, exist_ok=True)
        Image.fromarray(img).save(d/f'{i:05d}.jpg', quality=90)
    marker.touch()
    return root

def udc_throughput(root, args):
    from udc_classifier.data.items import items_from_folder, class_names_for
    from udc_classifier.data.loaders import make_dataloaders
    items = items_from_folder(root, 0.1, 0.0, seed=0)
    dls = make_dataloaders(items, class_names_for(items), image_size=args.size, batch_size=args.bs, num_workers=args.workers,
                           augment_on=args.augment_on, device=torch.device('cpu'))
    return _time(dls.train, args)

def torchvision_throughput(root, args):
    from torchvision import datasets, transforms as T
    tfm = T.Compose([T.Resize(args.size), T.RandomCrop(args.size), T.RandomHorizontalFlip(),
                     T.RandomAffine(degrees=10, scale=(1.0, 1.1)), T.RandomPerspective(0.2, p=0.75),
                     T.ColorJitter(brightness=0.2, contrast=0.2), T.ToTensor(),
                     T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
    ds = datasets.ImageFolder(str(root), transform=tfm)
    dl = torch.utils.data.DataLoader(ds, batch_size=args.bs, shuffle=True, drop_last=True, num_workers=args.workers,
                                     persistent_workers=False)
    return _time(dl, args)

def _time(dl, args):
    n, t0, t = 0, time.perf_counter(), None
    for i, (xb, yb) in enumerate(dl):
        if i == args.warmup: t, n = time.perf_counter(), 0
        elif i > args.warmup: n += len(xb)
        if i >= args.warmup + args.batches: break
    return n / (time.perf_counter() - t)

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--images', type=int, default=512); p.add_argument('--size', type=int, default=224)
    p.add_argument('--bs', type=int, default=32); p.add_argument('--workers', type=int, default=2)
    p.add_argument('--batches', type=int, default=10); p.add_argument('--warmup', type=int, default=1)
    p.add_argument('--rounds', type=int, default=3); p.add_argument('--cache', default=None)
    p.add_argument('--augment-on', default='auto', choices=['auto', 'device', 'workers'],
                   help="udc's config field: auto is per image in the workers on the CPU; device is per batch in the main process")
    p.add_argument('--smoke', action='store_true')
    args = p.parse_args(argv)
    if args.smoke: args.images, args.size, args.bs, args.workers, args.batches, args.rounds = 48, 64, 8, 0, 2, 1
    from udc_classifier.core import cache_dir
    root = make_jpegs(Path(args.cache) if args.cache else cache_dir()/'bench_jpegs', args.images)
    print(f"data_pipeline: {args.images} JPEGs 256-500 px -> {args.size} px, bs={args.bs}, workers={args.workers}, "
          f"{args.batches} timed batches after {args.warmup}, udc augment_on={args.augment_on}")
    ratios = []
    for r in range(args.rounds):
        a, b = udc_throughput(root, args), torchvision_throughput(root, args)
        ratios.append(a / b)
        print(f"  round {r + 1}: udc {a:7.1f} img/s   torchvision {b:7.1f} img/s   A/B {a / b:.3f}")
    print(f"A/B ratio: min {min(ratios):.3f}  median {statistics.median(ratios):.3f}  max {max(ratios):.3f}")
    return 0

if __name__ == '__main__': sys.exit(main())
