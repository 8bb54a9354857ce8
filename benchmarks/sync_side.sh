#!/usr/bin/env bash
# No-op and one-edit `sync` of two builds side by side, interleaved round by round.
#
#   benchmarks/sync_side.sh PREV_EXE PREV_PROJECT NEW_EXE NEW_PROJECT OUT.tsv [ROUNDS]
#
# Each project is a settled, synced copy of the same corpus. Each round:
# a no-op sync of each build, then the same story (a different one each
# round) gets a paragraph in both copies and each syncs, then a no-op
# again. Each line of OUT.tsv: build|kind|wall s|user s|system s|peak KiB
# (GNU time); each run's stderr and exit code go to OUT.tsv.<build>.<kind>.err
# (the last round's), to compare the two builds' output.
set -uo pipefail
declare -A SB=([prev]=$1 [new]=$3)
declare -A DIR=([prev]=$2 [new]=$4)
OUT=$5; ROUNDS=${6:-3}
EDIT=$(cd "$(dirname "$0")" && pwd)/edit_story.py
export SOURCE_DATE_EPOCH=1700000000
timed() { local who=$1 label=$2; shift 2
  /usr/bin/time -o "$OUT.one" -f "$who|$label|%e|%U|%S|%M" "$@" >/dev/null 2>"$OUT.$who.$label.err"; echo "rc=$?" >> "$OUT.$who.$label.err"
  tail -1 "$OUT.one" >> "$OUT"; }
for r in $(seq "$ROUNDS"); do
  for who in prev new; do cd "${DIR[$who]}"; timed $who noop "${SB[$who]}" sync; done
  for who in prev new; do cd "${DIR[$who]}"; python3 "$EDIT" $((r * 1000 + 17)); timed $who one_edit "${SB[$who]}" sync; done
  for who in prev new; do cd "${DIR[$who]}"; timed $who noop_after_edit "${SB[$who]}" sync; done
done
rm -f "$OUT.one"
