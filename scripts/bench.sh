#!/usr/bin/env bash
# Reproducible speed and memory numbers for epay-status. Run on a quiet
# machine after `cargo build --release --bins --examples`:
#
#     scripts/bench.sh            # prints a table and rewrites BENCHMARKS.md
#
# HISTORY_SIZES (default "100000 10000000") sets the history sizes; the 10M
# history takes about 15 minutes to write and 13 GB of disk for a while.
# BENCH_ONLY=history leaves out the batch throughput rounds.
# BENCH_BACKEND=postgres measures the history on a team PostgreSQL instead
# of the SQLite file (a throwaway cluster, durable settings: fsync on), adds
# a teammate's lookup reaching an open dashboard, and writes its table
# between the bench-postgres markers of BENCHMARKS.md.
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
# Line tables are left out of the release build (Cargo.toml): this keeps it so.
ROWS+=("release binary size | $(python3 -c "print(round($(stat -c %s "$BIN") / 1048576, 1))") MiB | <= 25 MiB")
BACKEND=${BENCH_BACKEND:-sqlite}
# The targets each backend is held to (#14 for the file, #15 for a team's).
target() { # sqlite-target postgres-target
  if [ "$BACKEND" = postgres ]; then echo "$2"; else echo "$1"; fi
}
MARK=bench
if [ "$BACKEND" = postgres ]; then
  MARK=bench-postgres
  need_package() { apt-get update -qq && apt-get install -y -qq "$1" >/dev/null; }
  source scripts/throwaway-postgres.sh
  # As a team's server would run: durable, with room for its indexes.
  THROWAWAY_PG_SETTINGS="-c shared_buffers=1GB -c max_wal_size=8GB -c checkpoint_timeout=30min"
  throwaway_postgres_start
  trap 'throwaway_postgres_stop; cleanup' EXIT
  PSQL=("$EPAY_STATUS_TEST_PG_BIN/psql" -qtA)
fi

# (a) lookup throughput against wrk, and (f) token requests per 1000 lookups
# (BENCH_ONLY=history skips them)
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
if [ "${BENCH_ONLY:-}" != history ] && [ "$BACKEND" != postgres ]; then
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
fi
# (g) chargeback intake (#28): 1,000 rows of a Russian CSV (the payment
# fixtures by RRN, each row its own ARN) into a fresh history, and the same
# file again (every row found in its case: nothing written).
if [ "${BENCH_ONLY:-}" != history ] && [ "$BACKEND" != postgres ]; then
python3 - "$WORK/cb1000.csv" <<'PY'
import json, sys
fixtures = json.load(open("assets/sandbox/fixtures.json"))
ops = []
for e in fixtures["invoices"]:
    body = e.get("body") or (e.get("sequence") or [None])[0]
    t = body.get("transaction") if isinstance(body, dict) else None
    if e["type"] != "payment" or e.get("fault") or not t or not t.get("reference"):
        continue
    if not isinstance(t.get("amount"), (int, float)) or t["amount"] <= 0:
        continue
    c = t["createdDate"]
    ops.append((f"{c[8:10]}.{c[5:7]}.{c[0:4]}", t["cardMask"].replace("...", "******"),
                str(t["amount"]).replace(".", ","), t["reference"]))
codes = ["10.4", "13.1", "4837", "4853", "13.3"]
with open(sys.argv[1], "w") as f:
    f.write("Дата операции;Номер карты;Сумма;RRN;ARN;Код причины;Срок ответа\n")
    for i in range(1000):
        day, card, amount, rrn = ops[i % len(ops)]
        f.write(f"{day};{card};{amount};{rrn};{74000000000000000000000 + i};{codes[i % 5]};31.12.2026\n")
PY
firsts=(); agains=()
for i in 1 2 3; do
  t0=$(ms)
  EPAY_STATUS_DATA_DIR="$WORK/i$i" "$BIN" intake "$WORK/cb1000.csv" > /dev/null 2>&1
  t1=$(ms)
  EPAY_STATUS_DATA_DIR="$WORK/i$i" "$BIN" intake "$WORK/cb1000.csv" > /dev/null 2>&1
  t2=$(ms)
  firsts+=("$(python3 -c "print(f'{($t1 - $t0) / 1000:.2f}')")"); agains+=("$(python3 -c "print(f'{($t2 - $t1) / 1000:.2f}')")")
done
ROWS+=("intake of 1,000 chargeback rows (CSV, SQLite): first run / the same file again (3 rounds, medians) | $(median "${firsts[@]}") s / $(median "${agains[@]}") s | < 10 s")
fi
kill "$SANDBOX_PID"; SANDBOX_PID=
unset EPAY_TOKEN_URL EPAY_API_URL

# (b) history at scale (#14), for each size: fill-history's writing rate,
# bytes on disk per lookup, first frame with rows, G, three filters (a rare
# name, a city, an invoice prefix), peak RSS while the list is used, idle
# CPU, and lookups recorded into that history.
history_bench() { # size
  local n=$1 dir="$WORK/h$1" label
  label=$(python3 -c "print(f'{$1:,}')")
  if [ "$BACKEND" = postgres ]; then
    "${PSQL[@]}" "$EPAY_STATUS_TEST_PG" -c "CREATE DATABASE h$n"
    # Set up as README says: the owner runs team init for the operators'
    # role, which the program then connects as.
    "${PSQL[@]}" "$EPAY_STATUS_TEST_PG" -c "DO \$\$ BEGIN CREATE ROLE epay_ops LOGIN;
      EXCEPTION WHEN duplicate_object THEN NULL; END \$\$"
    "$BIN" team init --admin-url "${EPAY_STATUS_TEST_PG%/postgres*}/h$n?sslmode=disable" --role epay_ops >/dev/null
    export EPAY_STATUS_HISTORY_URL="${EPAY_STATUS_TEST_PG%/postgres*}/h$n?sslmode=disable"
    EPAY_STATUS_HISTORY_URL=${EPAY_STATUS_HISTORY_URL/\/\/epay@/\/\/epay_ops@}
  fi
  rate=$("$BIN" --data-dir "$dir" fill-history "$n" | sed -n 's/.*(\([0-9]*\) a second)/\1/p')
  ROWS+=("fill-history at $label: lookups written a second | $rate | $(target ">= 50,000" "(for reference)")")
  if [ "$BACKEND" = postgres ]; then
    "${PSQL[@]}" "${EPAY_STATUS_TEST_PG%/postgres*}/h$n?sslmode=disable" -c "VACUUM ANALYZE lookups"
    bytes=$("${PSQL[@]}" "$EPAY_STATUS_HISTORY_URL" -c "SELECT round(pg_database_size(current_database()) / $n.0)")
  else
    bytes=$(python3 -c "import os; print(round(os.path.getsize('$dir/history.sqlite3') / $n))")
  fi
  ROWS+=("bytes on disk per lookup at $label | $bytes | $(target "<= 1,500" "(for reference)")")
  run_tui() { # name, extra env...
    local name=$1; shift
    local envs=(-e "EPAY_STATUS_DATA_DIR=$dir")
    [ -n "${EPAY_STATUS_HISTORY_URL:-}" ] && envs+=(-e "EPAY_STATUS_HISTORY_URL=$EPAY_STATUS_HISTORY_URL")
    for e in "$@"; do envs+=(-e "$e"); done
    tmux -L "$SOCK" -f /dev/null new-session -d -s "$name" -x 200 -y 60 "${envs[@]}" \
      "sh -c '$PWD/$BIN 2>$WORK/$name.err; echo EXIT:\$? >> $WORK/$name.err; sleep 600'"
  }
  firsts=(); bottoms=(); rare=(); city=(); prefix=()
  for i in 1 2 3; do
    run_tui "ff$n-$i" EPAY_STATUS_BENCH_FIRST_FRAME=1 "EPAY_STATUS_BENCH_FILTERS=needle-0|алматы|500012"
    for _ in $(seq 300); do grep -q EXIT "$WORK/ff$n-$i.err" 2>/dev/null && break; sleep 0.1; done
    f="$WORK/ff$n-$i.err"
    firsts+=("$(sed -n 's/.*first frame with history .* \([0-9.]*\) ms/\1/p' "$f")")
    bottoms+=("$(sed -n 's/^G to frame \([0-9.]*\) ms/\1/p' "$f")")
    rare+=("$(sed -n 's/^filter needle-0 to frame \([0-9.]*\) ms.*/\1/p' "$f")")
    city+=("$(sed -n 's/^filter алматы to frame \([0-9.]*\) ms.*/\1/p' "$f")")
    prefix+=("$(sed -n 's/^filter 500012 to frame \([0-9.]*\) ms.*/\1/p' "$f")")
    tmux -L "$SOCK" kill-session -t "ff$n-$i"
  done
  if [ "$BACKEND" = postgres ]; then
    # A teammate's lookup reaching my open dashboard: from the moment the
    # teammate's command starts (its own start, sandbox and lookup
    # included) to the frame that shows it.
    lags=()
    for i in 1 2 3; do
      rm -f "$WORK/ready"
      run_tui "mate$n-$i" EPAY_STATUS_BENCH_FIRST_FRAME=1 "EPAY_STATUS_BENCH_TEAMMATE=99999000$i" "EPAY_STATUS_BENCH_READY=$WORK/ready"
      for _ in $(seq 300); do [ -f "$WORK/ready" ] && break; sleep 0.1; done
      t0=$(ms)
      EPAY_STATUS_DATA_DIR="$WORK/mate" "$BIN" lookup "99999000$i" > /dev/null 2>&1 || true
      for _ in $(seq 100); do grep -q EXIT "$WORK/mate$n-$i.err" 2>/dev/null && break; sleep 0.1; done
      drawn=$(sed -n "s/^teammate's lookup drawn at \([0-9]*\) ms.*/\1/p" "$WORK/mate$n-$i.err")
      lags+=("$((drawn - t0))")
      tmux -L "$SOCK" kill-session -t "mate$n-$i"
    done
    ROWS+=("a teammate's lookup on my screen at $label, from their command's start (median of 3) | $(median "${lags[@]}") ms | < 1,000 ms")
  fi
  ROWS+=("first frame with history rows at $label (median of 3) | $(median "${firsts[@]}") ms | $(target "< 50 ms at 100,000, < 100 ms at 10M" "< 150 ms at 10M")")
  ROWS+=("G (oldest row) to frame at $label | $(median "${bottoms[@]}") ms | $(target "< 20 ms at 100,000, < 50 ms at 10M" "(for reference)")")
  ROWS+=("filter to frame at $label: a rare name / a city / an invoice prefix | $(median "${rare[@]}") / $(median "${city[@]}") / $(median "${prefix[@]}") ms | $(target "< 20 ms at 100,000, < 50 ms at 10M" "< 50 ms at 10M")")

  run_tui "use$n"
  sleep 3
  PID=$(pgrep -f "^$PWD/$BIN$" | head -1)
  # Idle first, with the list shown; then the list is used and the peak read.
  a=$(awk '{print $14+$15}' "/proc/$PID/stat"); sleep 10; b=$(awk '{print $14+$15}' "/proc/$PID/stat")
  keys() { tmux -L "$SOCK" send-keys -t "use$n" "$@"; sleep 0.3; }
  keys Escape; keys G; keys g
  for _ in $(seq 20); do keys PageDown; done
  keys /; keys a l m a t y; keys Enter; keys Escape; keys s; keys s; keys s
  sleep 2
  rss=$(awk '/VmHWM/ {printf "%.1f", $2/1024}' "/proc/$PID/status")
  tmux -L "$SOCK" kill-session -t "use$n"
  ROWS+=("peak RSS of the dashboard at $label, list scrolled, filtered and sorted | $rss MB | $(target "< 30 MB at 100,000, < 40 MB at 10M" "< 40 MB at 10M")")
  ROWS+=("idle CPU over 10 s at $label | $((b - a)) ticks | 0 ticks")

  "$BIN" sandbox --listen "127.0.0.1:$PORT" > "$WORK/sandbox.log" 2>&1 &
  SANDBOX_PID=$!
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/sandbox/stats" >/dev/null && break; sleep 0.1; done
  t0=$(ms)
  EPAY_TOKEN_URL="http://127.0.0.1:$PORT/oauth2/token" EPAY_API_URL="http://127.0.0.1:$PORT" \
    "$BIN" --data-dir "$dir" lookup --json --concurrency 8 --file "$WORK/ids.txt" > /dev/null
  t1=$(ms)
  kill "$SANDBOX_PID"; SANDBOX_PID=
  ROWS+=("lookup --file, 10,000 at concurrency 8, recorded into the history at $label | $(python3 -c "print(round(10000 / (($t1 - $t0) / 1000)))") lookups/s | $(target ">= 10,000" ">= 5,000")")
  rm -rf "$dir"
  if [ "$BACKEND" = postgres ]; then
    "${PSQL[@]}" "$EPAY_STATUS_TEST_PG" -c "DROP DATABASE h$n"
    unset EPAY_STATUS_HISTORY_URL
  fi
}
for size in ${HISTORY_SIZES:-100000 10000000}; do
  history_bench "$size"
done

CORES=$(nproc); MEM=$(free -g | awk '/Mem:/ {print $2}')
DATE=$(date -u +%Y-%m-%d)
{
  echo "| measure | result | target |"
  echo "|---|---|---|"
  printf '| %s |\n' "${ROWS[@]}"
} > "$WORK/table.md"
cat "$WORK/table.md"
python3 - "$WORK/table.md" "$CORES" "$MEM" "$DATE" "$MARK" <<'PY'
import re, sys
table, cores, mem, date, mark = open(sys.argv[1]).read(), *sys.argv[2:]
path = "BENCHMARKS.md"
text = open(path).read() if __import__("os").path.exists(path) else "# Benchmarks\n\n<!-- bench:start -->\n<!-- bench:end -->\n"
block = f"<!-- {mark}:start -->\nLast run of `scripts/bench.sh`: {date}, {cores} cores, {mem} GiB.\n\n{table}<!-- {mark}:end -->"
if f"<!-- {mark}:start -->" not in text:
    text += f"\n<!-- {mark}:start -->\n<!-- {mark}:end -->\n"
text = re.sub(f"<!-- {mark}:start -->.*<!-- {mark}:end -->", lambda _: block, text, flags=re.S)
open(path, "w").write(text)
print(f"wrote {path}")
PY
