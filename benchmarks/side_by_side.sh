#!/usr/bin/env bash
# Warm commands of two storybridge builds side by side, interleaved round by round.
#
#   benchmarks/side_by_side.sh PREV_EXE PREV_PROJECT NEW_EXE NEW_PROJECT OUT.tsv [ROUNDS]
#
# Each project is a synced, translated copy of the same corpus (corpus.py,
# then sync, run.translate_catalogs, sync). One settling round of sync,
# status and check per build, then ROUNDS (default 3) rounds of sync,
# status, check and check --format json with nothing changed, then one
# story gets a paragraph and sync, status and check run once more. Each
# line of OUT.tsv: build|command|wall s|user s|system s|peak KiB, from GNU
# time (apt-get install -y time).
set -uo pipefail
declare -A SB=([prev]=$1 [new]=$3)
declare -A DIR=([prev]=$2 [new]=$4)
OUT=$5
ROUNDS=${6:-3}
export SOURCE_DATE_EPOCH=1700000000
timed() {  # build, label, command...
    local who=$1 label=$2; shift 2
    /usr/bin/time -o "$OUT.one" -f "$who|$label|%e|%U|%S|%M" "$@" >/dev/null 2>&1
    cat "$OUT.one" | tail -1 >> "$OUT"
}
for who in prev new; do
    (cd "${DIR[$who]}" && for c in sync status check; do "${SB[$who]}" $c >/dev/null 2>&1; done)
done
for _ in $(seq "$ROUNDS"); do
    for who in prev new; do
        cd "${DIR[$who]}"
        for c in sync status check "check --format json"; do
            timed "$who" "$c" "${SB[$who]}" $c
        done
    done
done
for who in prev new; do
    cd "${DIR[$who]}"
    python3 - <<'PY'
import pathlib
stories = sorted(pathlib.Path("stories").glob("*.md"))
story = stories[len(stories) // 2]
text = story.read_text(encoding="utf-8")
at = text.index("\n\n", text.index("---", 3) + 3) + 2
story.write_text(text[:at] + "An edited sentence appears here.\n\n" + text[at:], encoding="utf-8")
PY
    for c in sync status check; do
        timed "$who" "one edit: $c" "${SB[$who]}" $c
    done
done
rm -f "$OUT.one"
