#!/bin/bash
# The README's method tables on MNIST, one seed at a time (tfjs WASM in Node). From the same teachers
# per seed: every loss at T 2 and 4 (students of 20 epochs, keep-best); then vanilla KD at T 2 and 4
# from teachers trained with label smoothing 0.1; then vanilla KD at T 4 under SGD with momentum 0.9
# and under DOT, from the same teachers (trained with momentum 0.9; learning rate 0.02). Then:
#   npm run sweep-table -- --reference loss=kd DIR/losses-seed*.json DIR/smoothed-teachers-seed*.json
#   npm run sweep-table -- --by optimizer --reference optimizer=momentum DIR/dot-seed*.json
#   scripts/methods.sh SEED [DIR] [PART]   (about 20 minutes per seed on one core; PART: losses, smoothed or dot, default all)
#   e.g. all five seeds on two cores: for s in 0 1 2 3 4; do for p in losses smoothed dot; do echo $s $p; done; done |
#          xargs -P 2 -L 1 sh -c 'scripts/methods.sh $0 runs/methods $1'
set -euo pipefail
SEED=${1:?usage: scripts/methods.sh SEED [DIR] [PART]}
DIR=${2:-runs/methods}
PART=${3:-all}
mkdir -p "$DIR"
run() {
  local name=$1
  shift
  npm run -s distill -- --seed "$SEED" --student-epochs 20 "$@" --quiet --report "$DIR/$name-seed$SEED.json" --manifest-out "$DIR/$name-seed$SEED.manifest.json" > "$DIR/$name-seed$SEED.txt"
}
if [[ $PART == all || $PART == losses ]]; then run losses --loss kd,dkd,ls,wsld,confidence,dist,ttm,wttm,nkd --temperature 2,4; fi
if [[ $PART == all || $PART == smoothed ]]; then run smoothed-teachers --teacher-label-smoothing 0.1 --loss kd --temperature 2,4; fi
if [[ $PART == all || $PART == dot ]]; then run dot --optimizer momentum,dot --learning-rate 0.02 --loss kd --temperature 4; fi
