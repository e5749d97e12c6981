#!/usr/bin/env bash
# Soak test of the store, bounded in time: several writers (simulators and an operator filing
# tickets) and a `log --follow` reader share one store; every moment or so a random writer is
# killed with SIGKILL and another started. At the end:
#   - every event a writer acknowledged is in the store,
#   - the follower printed every event exactly once, in order,
#   - `weige store check` finds the log clean (no gaps, versions in order, no ticket requested
#     twice, no illegal transition, snapshot equal to a replay).
# Usage: scripts/soak.sh [--seconds N] [--writers N] [--weige PATH]   (defaults: 60, 3, release build)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=60 writers=3 weige=.build/release/weige
while (($#)); do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --writers) writers=$2; shift 2 ;;
    --weige) weige=$2; shift 2 ;;
    *) echo "usage: $0 [--seconds N] [--writers N] [--weige PATH]" >&2; exit 2 ;;
  esac
done
[[ -x $weige ]] || { echo "no weige binary at $weige (swift build -c release)" >&2; exit 2; }
# The sqlite3 shell waits for no lock by default; after a writer was killed mid-commit the first
# reader may have to wait for another's recovery of the WAL index.
sq() { sqlite3 -cmd ".timeout 10000" "$@"; }
work=$(mktemp -d)
store=$work/soak.db
pids=()
# Kills a writer with its whole process group (a shell loop and the `ticket new` it is running:
# killing the loop alone could leave a last `ticket new` appending after the end was counted).
stop() {
  kill -9 -- "-$1" 2>/dev/null || kill -9 "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
cleanup() {
  for pid in "${pids[@]}" ${follower:-}; do stop "$pid"; done
  rm -rf "$work"
}
trap cleanup EXIT

"$weige" demo --preset chunjiang --days 1 --store "$store" >/dev/null
base=$(sq "$store" "SELECT MAX(seq) FROM events")
"$weige" log --follow --json --since "$base" --store "$store" >"$work/followed" 2>"$work/follower.err" &
follower=$!

started=0
start_writer() {
  started=$((started + 1))
  # Each writer leads a process group of its own (setsid), so that `stop` reaches all of it.
  if ((started % 4 == 0)); then
    # An operator at the CLI: each line it prints is a ticket the store acknowledged.
    setsid bash -c 'for i in $(seq 1 1000); do
        "$0" ticket new --store "$1" --operator "值班$2" --place 春江小区/1幢/1单元 \
          --title "楼道灯不亮 $2-$i" --urgency urgent || exit 1
      done' "$weige" "$store" "$started" >"$work/filed.$started" 2>>"$work/errors" &
  else
    setsid "$weige" simulate --store "$store" --rate 400 --seed "$started" --verbose \
      >"$work/acked.$started" 2>>"$work/errors" &
  fi
  pids+=($!)
}
for _ in $(seq 1 "$writers"); do start_writer; done
deadline=$((SECONDS + seconds))
kills=0
while ((SECONDS < deadline)); do
  sleep "0.$((RANDOM % 9 + 1))"
  victim=$((RANDOM % ${#pids[@]}))
  stop "${pids[$victim]}"
  kills=$((kills + 1))
  unset "pids[$victim]"
  pids=("${pids[@]}")
  start_writer
done
for pid in "${pids[@]}"; do stop "$pid"; done
pids=()

last=$(sq "$store" "SELECT MAX(seq) FROM events")
for _ in $(seq 1 50); do
  [[ $(wc -l <"$work/followed") -ge $((last - base)) ]] && break
  sleep 0.2
done
stop "$follower"
follower=""

failed=0
sq "$store" "SELECT lower(hex(id)) FROM events" | sort >"$work/stored"
cat "$work"/acked.* 2>/dev/null | awk '$1 == "acked" { print $3 }' | sort >"$work/acked"
missing=$(comm -23 "$work/acked" "$work/stored" | wc -l)
acked=$(wc -l <"$work/acked")
filed=$(cat "$work"/filed.* 2>/dev/null | wc -l)
lost_tickets=0
while read -r _ number _ title; do
  stored_title=$(sq "$store" "SELECT 1 FROM events WHERE stream = 'ticket-${number#\#}' AND version = 1")
  [[ -n $stored_title ]] || lost_tickets=$((lost_tickets + 1))
done < <(cat "$work"/filed.* 2>/dev/null)
followed=$(grep -o '"seq":[0-9]*' "$work/followed" | cut -d: -f2)
expected=$(seq $((base + 1)) "$last")
echo "soak: ${seconds}s, $kills writers killed, $((last - base)) events appended, $acked acknowledged by simulators, $filed tickets confirmed at the CLI"
if ((missing > 0)); then echo "soak: $missing acknowledged events are missing from the store" >&2; failed=1; fi
if ((lost_tickets > 0)); then echo "soak: $lost_tickets confirmed tickets are missing" >&2; failed=1; fi
if [[ "$followed" != "$expected" ]]; then
  echo "soak: the follower printed $(wc -l <<<"$followed") lines for $((last - base)) events, or out of order" >&2
  failed=1
fi
if ! "$weige" store check --store "$store" >"$work/check"; then
  cat "$work/check" >&2
  failed=1
fi
tail -1 "$work/check"
exit $failed
