#!/bin/bash
# The README's method table on MNIST, one seed at a time: every loss at T 2, 4, 8 from the same
# teachers, then vanilla KD at T 2, 4, 8 from teachers trained with label smoothing 0.1, and vanilla
# KD under DOT's separate momenta. Defaults otherwise. Then:
#   npm run sweep-table -- --reference kd DIR/*.json
#   scripts/methods.sh SEED [DIR]      (about 20 minutes per seed on one core, tfjs WASM in Node)
set -euo pipefail
SEED=${1:?usage: scripts/methods.sh SEED [DIR]}
DIR=${2:-runs/methods}
mkdir -p "$DIR"
run() {
  local name=$1
  shift
  npm run -s distill -- --seed "$SEED" "$@" --quiet --report "$DIR/$name-seed$SEED.json" > "$DIR/$name-seed$SEED.txt"
}
run losses --loss kd,dkd,ls,wsld,confidence,dist,ttm,wttm,nkd --temperature 2,4,8
run smoothed-teachers --teacher-label-smoothing 0.1 --loss kd --temperature 2,4,8
