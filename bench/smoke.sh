#!/usr/bin/env bash
# One tiny iteration of every benchmark, so CI notices when one breaks. Not a measurement.
set -euo pipefail
cd "$(dirname "$0")/.."
for b in bench/*.py; do
  echo "--- $b --smoke"
  python "$b" --smoke
done
