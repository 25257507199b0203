"""The network's forward pass on the CPU in the channels_last memory layout (A) against the default layout (B).

`Predictor` keeps the network and its batches in channels_last on the CPU; this measures why. For each timm
architecture (random weights, eval mode, no gradient) the script times `--iters` forward passes of one batch in
each layout, alternating A and B for `--rounds` rounds, and prints the speed-up B/A (min/median/max) and the largest
difference between the two layouts' outputs.

    python bench/cpu_layout.py
    python bench/cpu_layout.py --smoke
"""
import argparse, copy, statistics, sys, time, warnings
warnings.filterwarnings('ignore', message='`torch.jit.script` is deprecated')
import torch, timm

CASES = [('resnet10t', 32, 64), ('resnet10t', 64, 64), ('resnet18', 128, 32), ('efficientnet_b0', 96, 32), ('convnext_atto', 64, 64)]

def forward_seconds(model, x, iters:int) -> float:
    "Seconds for `iters` forward passes of `x`."
    with torch.no_grad():
        t = time.perf_counter()
        for _ in range(iters): model(x)
        return time.perf_counter() - t

def compare(name:str, size:int, bs:int, iters:int, rounds:int) -> dict:
    "Speed-ups (default time / channels_last time) over `rounds` alternating rounds, and the outputs' largest difference."
    torch.manual_seed(0)
    b = timm.create_model(name, pretrained=False, num_classes=10).eval()
    a = copy.deepcopy(b).to(memory_format=torch.channels_last)
    xb = torch.randn(bs, 3, size, size); xa = xb.contiguous(memory_format=torch.channels_last)
    with torch.no_grad(): diff = (a(xa) - b(xb)).abs().max().item()
    forward_seconds(a, xa, 1); forward_seconds(b, xb, 1)   # warm: first allocations, kernel choice
    ups = []
    for _ in range(rounds):
        ta = forward_seconds(a, xa, iters); tb = forward_seconds(b, xb, iters)
        ups.append(tb / ta)
    return dict(speedups=ups, diff=diff, default_ms=1000 * tb / iters)

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--iters', type=int, default=8); p.add_argument('--rounds', type=int, default=7)
    p.add_argument('--smoke', action='store_true', help='one tiny round (CI)')
    args = p.parse_args(argv)
    cases = [('test_resnet', 16, 4)] if args.smoke else CASES
    if args.smoke: args.iters, args.rounds = 1, 1
    print(f"cpu_layout: forward pass, channels_last (A) vs default layout (B), threads={torch.get_num_threads()}, "
          f"{args.iters} passes per round, {args.rounds} rounds")
    for name, size, bs in cases:
        r = compare(name, size, bs, args.iters, args.rounds)
        u = r['speedups']
        print(f"  {name:16s} {size:4d} px, batch {bs:3d}: default {r['default_ms']:7.1f} ms/batch; speed-up of channels_last "
              f"min {min(u):.3f}  median {statistics.median(u):.3f}  max {max(u):.3f}; largest output difference {r['diff']:.1e}")
    return 0

if __name__ == '__main__': sys.exit(main())
