"""How fast each command answers `--help` and a config mistake, against two baselines measured in the same run.

Each command runs `--rounds` times in a fresh process (wall time from here); the median is printed with the
exit code and the first line of the answer. Baselines: a bare interpreter (`python -c pass`, the least any
command costs) and `python -c "import torch"` (the least a command pays that imports torch before answering).
The config mistakes are written by the script: a misspelt key, a number out of range, and misspelt names of a
loss, a loss parameter, a monitored metric and a timm architecture.

    python bench/startup.py
    python bench/startup.py --smoke
"""
import argparse, shutil, statistics, subprocess, sys, tempfile, time
from pathlib import Path

MISTAKES = {'misspelt key': 'learnig_rate: 0.1', 'lr out of range': 'lr: 1000', 'loss name': 'loss_function: focall',
            'loss parameter': 'loss_function: focal\nloss_params: {gama: 2}', 'monitored metric': 'monitor: acuracy',
            'timm architecture': 'model_name: resnet1000'}
COMMANDS = ['udc-train', 'udc-predict', 'udc-export', 'udc-sweep', 'udc-hpo', 'udc-push', 'udc-dashboard', 'udc-worker', 'udc-readme']

def timed(cmd, rounds):
    "Median wall time of `cmd` over `rounds` runs, its exit code and the first line it printed on stderr (else stdout)."
    ts = []
    for _ in range(rounds):
        t = time.perf_counter(); r = subprocess.run(cmd, capture_output=True, text=True); ts.append(time.perf_counter() - t)
    first = next(iter((r.stderr.strip() or r.stdout.strip()).splitlines()), '')
    return statistics.median(ts), r.returncode, first

def script(name):
    "The console script `name` beside this interpreter (the environment's), else on PATH."
    p = Path(sys.executable).parent/name
    return str(p) if p.exists() else shutil.which(name) or name

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--rounds', type=int, default=3); p.add_argument('--smoke', action='store_true', help='one round of a few commands (CI)')
    args = p.parse_args(argv)
    commands, mistakes = (COMMANDS[:2], dict(list(MISTAKES.items())[:2])) if args.smoke else (COMMANDS, MISTAKES)
    rounds = 1 if args.smoke else args.rounds
    tmp = Path(tempfile.mkdtemp())
    rows = [('baseline: python -c pass', [sys.executable, '-c', 'pass']),
            ('baseline: python -c "import torch"', [sys.executable, '-W', 'ignore', '-c', 'import torch']),
            ('python -c "import udc_classifier"', [sys.executable, '-c', 'import udc_classifier'])]
    rows += [(f'{c} --help', [script(c), '--help']) for c in commands]
    for what, text in mistakes.items():
        f = tmp/f"{what.replace(' ', '_')}.yaml"; f.write_text(f'data_source: demo\n{text}\n')
        rows.append((f'udc-train --config ({what})', [script('udc-train'), '--config', str(f), '--output-dir', str(tmp/'runs')]))
    print(f"startup: median of {rounds} run(s) each, wall seconds")
    for label, cmd in rows:
        t, code, first = timed(cmd, rounds)
        print(f"  {t:6.2f} s  exit {code}  {label:45s} {first[:100]}")
    return 0

if __name__ == '__main__': sys.exit(main())
