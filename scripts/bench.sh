#!/usr/bin/env bash
# Reproducible speed and memory numbers for epay-status. Run on a quiet
# machine after `cargo build --release --bins --examples`:
#
#     scripts/bench.sh            # prints a table and rewrites BENCHMARKS.md
#
# Needs tmux, wrk and curl (installed with apt-get when missing). Everything
# runs on 127.0.0.1 against `epay-status sandbox`; nothing leaves the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=target/release/epay-status
CEILING=target/release/examples/http_ceiling
[ -x "$BIN" ] && [ -x "$CEILING" ] || { echo "build first: cargo build --release --bins --examples" >&2; exit 2; }
for tool in tmux wrk curl; do
  command -v "$tool" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$tool" >/dev/null; }
done

WORK=$(mktemp -d)
SOCK="epay-bench-$$"
cleanup() { tmux -L "$SOCK" kill-server 2>/dev/null || true; [ -n "${SANDBOX_PID:-}" ] && kill "$SANDBOX_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config"
mkdir -p "$HOME"
ms() { date +%s%N | awk '{printf "%.0f", $1/1e6}'; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -a ROWS

# (a) lookup throughput against wrk, and (f) token requests per 1000 lookups
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BIN" sandbox --listen "127.0.0.1:$PORT" > "$WORK/sandbox.log" 2>&1 &
SANDBOX_PID=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/sandbox/stats" >/dev/null && break; sleep 0.1; done
export EPAY_TOKEN_URL="http://127.0.0.1:$PORT/oauth2/token" EPAY_API_URL="http://127.0.0.1:$PORT"
IDS="100000001 100000002 100000003 100000004 100000006 100000011 100000020 100000024 205218074 100000030"
python3 - "$WORK/ids.txt" $IDS <<'PY'
import sys
ids = sys.argv[2:]
with open(sys.argv[1], "w") as f:
    for i in range(10000):
        f.write(ids[i % len(ids)] + "\n")
PY
TOKEN=$(curl -s -d grant_type=client_credentials -d client_id=test -d client_secret=yF587AV9Ms94qN2QShFzVR3vFnWkhjbAK3sG \
  -d terminal=67e34d63-102f-4bd1-898e-370781d0074d -d scope=payment "$EPAY_TOKEN_URL" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
cat > "$WORK/wrk.lua" <<LUA
local ids = { $(for i in $IDS; do printf '"%s", ' "$i"; done) }
local n = 0
request = function()
  n = n + 1
  local path = "/check-status/payment/transaction/" .. ids[(n % #ids) + 1]
  return wrk.format("GET", path, { ["Authorization"] = "Bearer $TOKEN" })
end
LUA
tokens() { curl -s "http://127.0.0.1:$PORT/sandbox/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["tokenRequests"])'; }
# A shared machine's speed drifts over seconds, so lookup, wrk and the
# bare reqwest client (the same requests through the same HTTP client,
# bodies dropped or only parsed: how close any client on this stack can get
# to wrk) take turns, three rounds; each rate is a median, and the ratio
# is the median of the rounds' ratios.
ours_runs=(); wrk_runs=(); ratios=(); bare_runs=(); parsed_runs=()
for i in 1 2 3; do
  before=$(tokens)
  t0=$(ms)
  EPAY_STATUS_DATA_DIR="$WORK/a" "$BIN" lookup --json --no-history --concurrency 64 --file "$WORK/ids.txt" > "$WORK/out.jsonl"
  t1=$(ms)
  lines=$(wc -l < "$WORK/out.jsonl")
  [ "$i" = 1 ] && per_1000=$(python3 -c "print(($(tokens) - $before) * 1000 / $lines)")
  ours_i=$(python3 -c "print(round($lines / (($t1 - $t0) / 1000)))")
  wrk_i=$(wrk -t2 -c64 -d3s -s "$WORK/wrk.lua" "http://127.0.0.1:$PORT" | awk '/Requests\/sec/ {printf "%.0f", $2}')
  ours_runs+=("$ours_i"); wrk_runs+=("$wrk_i")
  ratios+=("$(python3 -c "print(f'{$ours_i / $wrk_i:.2f}')")")
  bare_runs+=("$(python3 -c "print(f'{$(BENCH_TOKEN="$TOKEN" "$CEILING" "$WORK/ids.txt") / $wrk_i:.2f}')")")
  parsed_runs+=("$(python3 -c "print(f'{$(BENCH_TOKEN="$TOKEN" "$CEILING" "$WORK/ids.txt" --parse) / $wrk_i:.2f}')")")
done
ours=$(median "${ours_runs[@]}"); wrk_rps=$(median "${wrk_runs[@]}"); ratio=$(median "${ratios[@]}")
bare=$(median "${bare_runs[@]}"); parsed=$(median "${parsed_runs[@]}")
t0=$(ms)
EPAY_STATUS_DATA_DIR="$WORK/a2" "$BIN" lookup --json --concurrency 64 --file "$WORK/ids.txt" > /dev/null
t1=$(ms)
recorded=$(python3 -c "print(round(10000 / (($t1 - $t0) / 1000)))")
ROWS+=("batch lookups, 10,000 at concurrency 64, no history (3 rounds, medians) | $ours lookups/s; wrk $wrk_rps req/s; ratio $ratio (rounds: ${ratios[*]}) | >= 0.8x wrk")
ROWS+=("same requests, bare reqwest, as a ratio to wrk in its round: bodies dropped / parsed to JSON | ${bare}x / ${parsed}x | (the ceiling)")
ROWS+=("batch lookups, 10,000, recorded in history | $recorded lookups/s | (for reference)")
ROWS+=("token requests per 1,000 lookups | $per_1000 | one per token lifetime")
kill "$SANDBOX_PID"; SANDBOX_PID=
unset EPAY_TOKEN_URL EPAY_API_URL

# (b) first frame, (c) idle CPU, (d) peak RSS with 100,000 stored lookups
"$BIN" --data-dir "$WORK/big" fill-history 100000 > /dev/null
run_tui() { # name, extra env
  tmux -L "$SOCK" -f /dev/null new-session -d -s "$1" -x 200 -y 60 -e "EPAY_STATUS_DATA_DIR=$WORK/big" ${2:+-e "$2"} \
    "sh -c '$PWD/$BIN 2>$WORK/$1.err; echo EXIT:\$? >> $WORK/$1.err; sleep 600'"
}
firsts=(); histories=()
for i in 1 2 3 4 5; do
  run_tui "ff$i" "EPAY_STATUS_BENCH_FIRST_FRAME=1"
  for _ in $(seq 100); do grep -q EXIT "$WORK/ff$i.err" 2>/dev/null && break; sleep 0.1; done
  firsts+=("$(sed -n 's/^first frame \([0-9.]*\) ms.*/\1/p' "$WORK/ff$i.err")")
  histories+=("$(sed -n 's/.*with history ([0-9]* rows) \([0-9.]*\) ms/\1/p' "$WORK/ff$i.err")")
done
ROWS+=("first frame, 100,000 stored lookups (median of 5) | $(median "${firsts[@]}") ms | < 100 ms")
ROWS+=("first frame showing that history (median of 5) | $(median "${histories[@]}") ms | (for reference)")

run_tui idle
sleep 4
PID=$(pgrep -f "^$PWD/$BIN$" | head -1)
a=$(awk '{print $14+$15}' "/proc/$PID/stat"); sleep 10; b=$(awk '{print $14+$15}' "/proc/$PID/stat")
rss=$(awk '/VmHWM/ {printf "%.1f", $2/1024}' "/proc/$PID/status")
ROWS+=("idle CPU over 10 s, 100,000 stored lookups | $((b - a)) ticks | 0 ticks")
ROWS+=("peak RSS, 100,000 stored lookups loaded | $rss MB | < 40 MB")

# (e) history search over 1,000,000 stored lookups
"$BIN" --data-dir "$WORK/big" fill-history 900000 > /dev/null
searches=()
for q in "customer-none@" "500123" "500123456" "Алматы" "REFUND"; do
  t0=$(date +%s%N)
  "$BIN" --data-dir "$WORK/big" history --search "$q" --limit 200 > /dev/null
  t1=$(date +%s%N)
  searches+=("$q $(( (t1 - t0) / 1000000 ))")
done
search_list=$(printf '%s ms, ' "${searches[@]}" | sed 's/, $//')
ROWS+=("history search, 1,000,000 stored, first 200 matches (whole command) | $search_list | < 20 ms")

CORES=$(nproc); MEM=$(free -g | awk '/Mem:/ {print $2}')
DATE=$(date -u +%Y-%m-%d)
{
  echo "| measure | result | target |"
  echo "|---|---|---|"
  printf '| %s |\n' "${ROWS[@]}"
} > "$WORK/table.md"
cat "$WORK/table.md"
python3 - "$WORK/table.md" "$CORES" "$MEM" "$DATE" <<'PY'
import re, sys
table, cores, mem, date = open(sys.argv[1]).read(), *sys.argv[2:]
path = "BENCHMARKS.md"
text = open(path).read() if __import__("os").path.exists(path) else "# Benchmarks\n\n<!-- bench:start -->\n<!-- bench:end -->\n"
block = f"<!-- bench:start -->\nLast run of `scripts/bench.sh`: {date}, {cores} cores, {mem} GiB.\n\n{table}<!-- bench:end -->"
text = re.sub(r"<!-- bench:start -->.*<!-- bench:end -->", lambda _: block, text, flags=re.S)
open(path, "w").write(text)
print(f"wrote {path}")
PY
