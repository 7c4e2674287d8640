#!/bin/bash
# The README's loss-variant table, one seed at a time: every loss at T 2, 4, 8; the linear and
# cosine schedules from T 2, 4, 8 down to 1; CTKD starting at T 4. Defaults otherwise (the
# teachers of that seed are trained once per invocation). Then: npm run sweep-table -- DIR/*.json
#   scripts/variants.sh SEED [DIR]      (about 15 minutes per seed on 2 cores, tfjs WASM backend in Node)
set -euo pipefail
SEED=${1:?usage: scripts/variants.sh SEED [DIR]}
DIR=${2:-runs/variants}
mkdir -p "$DIR"
run() {
  local name=$1
  shift
  npm run -s distill -- --seed "$SEED" "$@" --csv "$DIR/$name-seed$SEED.csv" --report "$DIR/$name-seed$SEED.json" > "$DIR/$name-seed$SEED.txt"
}
run losses --loss kd,dkd,ls,wsld,confidence --temperature 2,4,8
run schedules --t-schedule linear,cosine --temperature 2,4,8
run ctkd --t-schedule ctkd --temperature 4
