"""Peak memory of the image check (`check_images`) on a folder of large images: bounded by decoded pixels vs unbounded.

A: `check_images(paths)` with its default pixel budget (`MAX_DECODED_PIXELS`); B: the same call with `max_pixels=None`,
the behaviour before the budget (every thread decodes an image at once). Each measurement runs in a fresh Python process
and reads its resident memory after the imports and its peak after the check; the figure is the growth. Importing torch
peaks higher than the check itself, so on Linux the peak is reset after the imports (`5` into /proc/self/clear_refs) and
read as VmHWM of /proc/self/status; elsewhere it is `resource.getrusage(RUSAGE_SELF).ru_maxrss`, which then hides
any check that stays under the import's peak.
A and B alternate, round after round, on the same files.

    python bench/image_check_memory.py --images 64 --side 6000 --rounds 2
    python bench/image_check_memory.py --smoke
"""
import argparse, json, os, resource, shutil, subprocess, sys, tempfile, time
from pathlib import Path

def status_mib(key:str) -> float:
    "A figure of /proc/self/status in MiB (VmRSS: resident now; VmHWM: its peak since the start or the last reset)."
    for line in open('/proc/self/status'):
        if line.startswith(key + ':'): return int(line.split()[1]) / 1024

def reset_peak() -> bool:
    "Reset this process's peak resident size (Linux: `5` into /proc/self/clear_refs); False where that is not possible."
    try:
        with open('/proc/self/clear_refs', 'w') as f: f.write('5')
        return True
    except OSError: return False

def child(folder, max_pixels, workers):
    "Runs in a fresh process: prints the peak RSS after the imports and after the check (MiB), the time and the budget's peak."
    from udc_classifier.data.items import check_images, PixelBudget, MAX_DECODED_PIXELS
    paths = sorted(Path(folder).glob('*.jpg'))
    reset = reset_peak()   # importing torch peaks above what the check needs: start the peak afresh
    before = status_mib('VmRSS') if reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    budget = PixelBudget(None if max_pixels == 'none' else MAX_DECODED_PIXELS if max_pixels == 'default' else int(max_pixels))
    t = time.perf_counter()
    report = check_images(paths, workers=workers, max_pixels=budget)
    secs = time.perf_counter() - t
    after = status_mib('VmHWM') if reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert report.reason.isna().all(), report[report.reason.notna()]
    print(json.dumps(dict(reset=reset, import_mib=before, peak_mib=after, growth_mib=after - before, seconds=secs,
                          budget=budget.limit, budget_peak=budget.peak, images=len(paths))))

def make_folder(folder:Path, n:int, side:int):
    "One JPEG of side x side (a gradient with noise), copied n times: every file decodes to side*side RGB pixels."
    import numpy as np
    from PIL import Image
    rng = np.random.default_rng(0)
    y, x = np.mgrid[0:side, 0:side]
    a = np.stack([(x * 255 // side), (y * 255 // side), ((x + y) * 127 // side)], -1).astype(np.int16)
    a = np.clip(a + rng.integers(-20, 21, a.shape), 0, 255).astype(np.uint8)
    first = folder/'img_000.jpg'
    Image.fromarray(a).save(first, quality=90)
    for i in range(1, n): shutil.copy(first, folder/f'img_{i:03d}.jpg')

def measure(folder, max_pixels, workers):
    cmd = [sys.executable, __file__, '--child', str(folder), '--max-pixels', str(max_pixels)] + (['--workers', str(workers)] if workers else [])
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env={**os.environ, 'PYTHONWARNINGS': 'ignore'})
    return json.loads(out.stdout.strip().splitlines()[-1])

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--images', type=int, default=64, help='files (check_images uses threads from 64 files on)')
    ap.add_argument('--side', type=int, default=6000, help='width and height of each image, in pixels')
    ap.add_argument('--rounds', type=int, default=2)
    ap.add_argument('--workers', type=int, default=None, help="threads (default: check_images' own, 4 per CPU up to 32)")
    ap.add_argument('--max-pixels', default='default', help="A's budget: 'default' (MAX_DECODED_PIXELS) or a number")
    ap.add_argument('--smoke', action='store_true', help='one tiny round, to check that the script runs (not a measurement)')
    ap.add_argument('--child', default=None, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child: return child(a.child, a.max_pixels, a.workers)
    if a.smoke: a.images, a.side, a.rounds = 64, 64, 1
    tmp = Path(tempfile.mkdtemp(prefix='udc-bench-images-'))
    try:
        t = time.perf_counter(); make_folder(tmp, a.images, a.side)
        print(f"{a.images} JPEGs of {a.side}x{a.side} ({a.side * a.side / 1e6:.1f} Mpx, {a.side * a.side * 3 / 2**20:.0f} MiB as RGB each) "
              f"in {time.perf_counter() - t:.1f} s; {os.cpu_count()} CPUs; workers {a.workers or 'default'}")
        print('| round | A: bounded, growth MiB | A: peak pixels held | A: s | B: unbounded, growth MiB | B: s | A/B memory |')
        print('|---|---|---|---|---|---|---|')
        rows = []
        for r in range(1, a.rounds + 1):
            A = measure(tmp, a.max_pixels, a.workers); B = measure(tmp, 'none', a.workers)
            rows.append((A, B))
            print(f"| {r} | {A['growth_mib']:.0f} | {A['budget_peak'] / 1e6:.1f} M of {A['budget'] / 1e6:.1f} M | {A['seconds']:.1f} "
                  f"| {B['growth_mib']:.0f} | {B['seconds']:.1f} | {A['growth_mib'] / max(B['growth_mib'], 1e-9):.2f} |")
        how = 'VmHWM after a peak reset' if rows[0][0]['reset'] else 'ru_maxrss (no peak reset here)'
        print(f"growth = peak during the check - resident after the imports ({how}); resident after the imports: "
              f"{rows[0][0]['import_mib']:.0f} MiB (A), {rows[0][1]['import_mib']:.0f} MiB (B)")
    finally: shutil.rmtree(tmp, ignore_errors=True)

if __name__ == '__main__': main()
