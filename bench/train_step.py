"""Train-step throughput: udc_classifier's fastai Learner (A) against a hand-written PyTorch loop (B).

Same model (timm via udc's `create_model`), same data (one in-memory tensor set), same batch size,
optimizer (AdamW, fused as udc's default; `--fused off` for fastai's Adam and torch's unfused AdamW), schedule (one-cycle), precision (bf16 autocast on
a GPU), memory format (`--channels-last`), `torch.compile` (`--compile`) and DataLoader settings. A and B alternate
`--rounds` times in one process so that both see the same machine state; the script prints
images/s for each round and the ratio A/B (min/median/max).

    python bench/train_step.py --model resnet18 --size 64 --bs 64 --steps 20 --rounds 5
    python bench/train_step.py --model resnet50 --size 224 --bs 128 --steps 40 --rounds 3 --channels-last   # on a GPU
    python bench/train_step.py --smoke      # one short round, for CI
"""
import argparse, statistics, sys, time, warnings
warnings.filterwarnings('ignore', message='`torch.jit.script` is deprecated')
import torch
from torch import nn
from torch.utils.data import TensorDataset, DataLoader

def make_data(n, size, n_classes, seed=0):
    g = torch.Generator().manual_seed(seed)
    return TensorDataset(torch.randn(n, 3, size, size, generator=g), torch.randint(0, n_classes, (n,), generator=g))

def model_for(args, n_classes):
    from udc_classifier.config import TrainConfig
    from udc_classifier.models import create_model
    cfg = TrainConfig.from_dict(data_path='bench', model_name=args.model, image_size=args.size, batch_size=args.bs,
                                lr=args.lr, weight_decay=0.01, head_depth=1, head_width=256, fused_optimizer=args.fused is not False,
                                channels_last=args.channels_last, compile=args.compile)
    torch.manual_seed(0)
    return cfg, create_model(cfg.model_name, n_classes, head_depth=cfg.head_depth, head_width=cfg.head_width)

def run_udc(args, ds, n_classes, device):
    "A: the Learner a udc run builds (its optimizer, loss, metrics, run callbacks), trained for `steps` batches."
    import tempfile
    from fastai.data.core import DataLoaders
    from fastai.learner import Learner
    import fastai.callback.all  # noqa: F401  (no_bar, no_logging, fit_one_cycle)
    from fastai.vision.learner import default_split
    from udc_classifier.optim import create_opt_func
    from udc_classifier.losses import loss_from_config
    from udc_classifier.metrics import epoch_metrics
    from udc_classifier.learner.callbacks import RunLogger
    cfg, model = model_for(args, n_classes)
    dls = DataLoaders.from_dsets(ds, ds, bs=args.bs, shuffle=True, drop_last=True, num_workers=0, device=device)
    learn = Learner(dls, model, loss_func=loss_from_config('cross_entropy'), opt_func=create_opt_func(cfg.optimizer, momentum=cfg.momentum, fused=cfg.fused_optimizer),
                    metrics=epoch_metrics(n_classes), splitter=default_split, wd=cfg.weight_decay)
    if device.type == 'cuda' and args.amp: learn.to_bf16()
    extra = []
    if args.channels_last:
        from fastai.callback.channelslast import ChannelsLast
        extra.append(ChannelsLast())
    if args.compile: learn.model.compile()
    run_dir = tempfile.mkdtemp()
    n_epoch = max(1, args.steps // len(dls.train))
    # time only training batches: skip validation, which B does not have
    from fastai.callback.core import Callback, CancelValidException
    class NoValid(Callback):
        order = -10
        def before_validate(self): raise CancelValidException()
    class Timer(Callback):
        "Times training batches only; the per-epoch work (history, summary, plots) is timed apart."
        order = 100
        def before_fit(self): self.n, self.t, self.t_last, self.epoch_s = 0, None, None, 0.0
        def after_batch(self):
            if not self.training: return
            self.n += 1
            if device.type == 'cuda': torch.cuda.synchronize()
            if self.n == args.warmup: self.t = time.perf_counter()
            self.t_last = time.perf_counter()
        def after_epoch(self): self.epoch_s += time.perf_counter() - self.t_last
        def after_fit(self): self.elapsed = self.t_last - self.t
    timer = Timer()
    with learn.no_bar(), learn.no_logging():
        learn.fit_one_cycle(n_epoch, args.lr, cbs=[NoValid(), timer, RunLogger(run_dir, monitor='train_loss', mode='min')] + extra)
    run_udc.epoch_s = timer.epoch_s / n_epoch
    return (timer.n - args.warmup) * args.bs / timer.elapsed

def run_plain(args, ds, n_classes, device):
    "B: a minimal PyTorch loop with the same model, optimizer, schedule and batches."
    cfg, model = model_for(args, n_classes)
    model = model.to(device).train()
    fmt = torch.channels_last if args.channels_last else torch.contiguous_format
    model = model.to(memory_format=fmt)
    if args.compile: model.compile()
    fused = args.fused if args.fused is not None else True   # udc's default
    dl = DataLoader(ds, batch_size=args.bs, shuffle=True, drop_last=True, num_workers=0, pin_memory=device.type == 'cuda')
    n_epoch = max(1, args.steps // len(dl))
    decay = [p for n, p in model.named_parameters() if p.ndim > 1]
    no_decay = [p for n, p in model.named_parameters() if p.ndim <= 1]
    opt = torch.optim.AdamW([{'params': decay, 'weight_decay': 0.01}, {'params': no_decay, 'weight_decay': 0.0}], lr=args.lr,
                            betas=(0.95, 0.99), eps=1e-5, fused=fused)   # fastai's Adam defaults
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=n_epoch * len(dl), pct_start=0.25)
    loss_fn = nn.CrossEntropyLoss()
    n, t = 0, None
    for _ in range(n_epoch):
        for xb, yb in dl:
            xb, yb = xb.to(device, non_blocking=True).contiguous(memory_format=fmt), yb.to(device, non_blocking=True)
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == 'cuda' and args.amp):
                loss = loss_fn(model(xb), yb)
            loss.backward(); opt.step(); opt.zero_grad(set_to_none=True); sched.step()
            n += 1
            if n == args.warmup:
                if device.type == 'cuda': torch.cuda.synchronize()
                t = time.perf_counter()
    if device.type == 'cuda': torch.cuda.synchronize()
    return (n - args.warmup) * args.bs / (time.perf_counter() - t)

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--model', default='resnet18'); p.add_argument('--size', type=int, default=64)
    p.add_argument('--bs', type=int, default=64); p.add_argument('--steps', type=int, default=24)
    p.add_argument('--warmup', type=int, default=3); p.add_argument('--rounds', type=int, default=5)
    p.add_argument('--lr', type=float, default=1e-3); p.add_argument('--classes', type=int, default=10)
    p.add_argument('--no-amp', dest='amp', action='store_false'); p.add_argument('--device', default='auto')
    p.add_argument('--channels-last', action='store_true', help='channels_last memory format (A: fastai ChannelsLast)')
    p.add_argument('--compile', action='store_true', help='torch.compile the model in A and B (the warm-up steps pay the compilation)')
    p.add_argument('--fused', type=lambda s: {'on': True, 'off': False}[s], default=None,
                   help="on | off: fused AdamW in A (FusedAdam) and B (default: on, as udc's config)")
    p.add_argument('--smoke', action='store_true', help='one tiny round (CI)')
    args = p.parse_args(argv)
    if args.smoke: args.model, args.size, args.bs, args.steps, args.warmup, args.rounds = 'test_resnet', 16, 16, 6, 2, 1
    device = torch.device('cuda' if args.device == 'auto' and torch.cuda.is_available() else ('cpu' if args.device == 'auto' else args.device))
    ds = make_data(args.bs * args.steps, args.size, args.classes)
    print(f"train_step: model={args.model} size={args.size} bs={args.bs} steps={args.steps} (first {args.warmup} untimed) "
          f"device={device} threads={torch.get_num_threads()} amp={'bf16' if args.amp and device.type == 'cuda' else 'off'} "
          f"channels_last={args.channels_last} compile={args.compile} fused={args.fused if args.fused is not None else True}")
    ratios = []
    for r in range(args.rounds):
        a = run_udc(args, ds, args.classes, device)
        b = run_plain(args, ds, args.classes, device)
        ratios.append(a / b)
        print(f"  round {r + 1}: udc {a:8.1f} img/s   plain {b:8.1f} img/s   A/B {a / b:.3f}   "
              f"(udc per-epoch work after the last batch: {run_udc.epoch_s:.2f} s)")
    print(f"A/B ratio: min {min(ratios):.3f}  median {statistics.median(ratios):.3f}  max {max(ratios):.3f}")
    return 0

if __name__ == '__main__': sys.exit(main())
