#!/usr/bin/env bash
# Several workers over one PostgreSQL ledger and shared folders: how fast, and whether a worker killed mid-drop
# loses or doubles anything. Generates DROPS drops, then
#   1. runs one worker over them, then three workers at once (as hosts prep-1..3, CARDPREP_HOST), and prints drops/s;
#   2. runs TRIALS kill trials: three workers start, one (chosen at random) is killed with SIGKILL at a random point
#      of a typical run, the others finish, the killed one is restarted once its lease (2 s) has run out; then every
#      drop must be archived, no drop may have entered a state twice, the vault must hold one bundle per drop, and
#      `cardprep audit verify` must pass. A takeover is a claim the killed worker held that another finished.
#
#   bash Pipelines/several-workers-trials.sh [--trials N] [--drops N] [--cards N] [--seed N] [--cardprep PATH]
#
# Defaults: 20 trials, 20 drops of 120 cards, the newer of .build/release/cardprep and .build/debug/cardprep. The PostgreSQL
# server is the one CARDPREP_TEST_POSTGRES_URL names, or one started for the trials (Pipelines/postgres-server.sh).
# Exits 0 when every trial passed, 1 otherwise; prints the figures either way.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
trials=20 drops=20 cards=120 seed=$$ cardprep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --trials) trials=$2; shift 2 ;;
    --drops) drops=$2; shift 2 ;;
    --cards) cards=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --cardprep) cardprep=$2; shift 2 ;;
    *) echo "usage: $0 [--trials N] [--drops N] [--cards N] [--seed N] [--cardprep PATH]" >&2; exit 64 ;;
  esac
done
for number in "$trials" "$drops" "$cards" "$seed"; do
  case "$number" in ''|*[!0-9]*) echo "$0: '$number' is not a number" >&2; exit 64 ;; esac
done
if [ -z "$cardprep" ]; then
  # The newer of the release and debug builds.
  for candidate in "$repo/.build/release/cardprep" "$repo/.build/debug/cardprep"; do
    [ -x "$candidate" ] && { [ -z "$cardprep" ] || [ "$candidate" -nt "$cardprep" ]; } && cardprep=$candidate
  done
fi
[ -x "$cardprep" ] || { echo "$0: no built cardprep (run: swift build -c release)" >&2; exit 66; }
command -v psql >/dev/null || { echo "$0: psql not found (bash Pipelines/install-dependencies.sh installs it)" >&2; exit 69; }
cardprep=$(realpath "$cardprep")
RANDOM=$seed
lease=2
work=$(mktemp -d)
server=""
cleanup() {
  [ -n "$server" ] && bash "$repo/Pipelines/postgres-server.sh" stop "$server" >/dev/null 2>&1 || true
  [ -n "${KEEP_TRIALS:-}" ] && echo "kept $work" >&2 || rm -rf "$work"
}
trap cleanup EXIT

if [ -n "${CARDPREP_TEST_POSTGRES_URL:-}" ]; then
  base=$CARDPREP_TEST_POSTGRES_URL
else
  server=$work/postgres
  base=$(bash "$repo/Pipelines/postgres-server.sh" start "$server" $((20000 + RANDOM % 30000)))
fi

"$cardprep" fixtures generate --out "$work/source/inbox" --customers "$drops" --cards "$cards" --seed 2026 \
  --date 2026-11-01 -R "$repo/Fixtures/keys/demo-bureau.agekey.pub" --profiles "$work/source/customers" >/dev/null
rm -f "$work/source/inbox/injections.json"

# workspace NAME: a pipeline over a copy of the drops, with a new database; prints its folder.
workspace() {
  local dir=$work/$1 database="trial_$1_$RANDOM"
  mkdir -p "$dir/keys"
  cp -r "$work/source/inbox" "$work/source/customers" "$dir/"
  for key in bureau.agekey bureau-signing fingerprint.key vault.agekey vault.agekey.pub allowed_signers; do
    install -m 600 "$repo/Fixtures/keys/demo-$key" "$dir/keys/$key"
  done
  psql "$base" -v ON_ERROR_STOP=1 -qAtc "CREATE DATABASE $database" >/dev/null
  local url
  url=$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$base" "$database")
  echo "$url" > "$dir/url"
  cat > "$dir/pipeline.yml" <<YAML
version: 1
name: workers
inbox: inbox
output: out
customers: customers
machines: $repo/Pipelines/machines
order_schema: $repo/Pipelines/schemas/order-v1.xsd
stages: [ingest, validate, transform, archive]
keys:
  identity: keys/bureau.agekey
  signing: keys/bureau-signing
  fingerprint: keys/fingerprint.key
vault:
  recipients: keys/vault.agekey.pub
  identity: keys/vault.agekey
  allowed_signers: keys/allowed_signers
inbox_rules:
  settle: 0s
lease_seconds: $lease
ledger: $url
YAML
  echo "$dir"
}

# worker DIR HOST: starts `cardprep run` as HOST in the background; its pid is in $!.
worker() { CARDPREP_HOST=$2 "$cardprep" run "$1/pipeline.yml" --quiet --wait >> "$1/worker-$2.log" 2>&1 & }

now() { date +%s.%N; }
seconds() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }

# check DIR: prints what is wrong with the finished pipeline in DIR, nothing when every drop went through once.
check() {
  local dir=$1 url
  url=$(cat "$dir/url")
  local q=(psql "$url" -v ON_ERROR_STOP=1 -qAtc)
  "${q[@]}" 'SELECT 1 FROM "drop" LIMIT 1' >/dev/null 2>&1 || { echo "no ledger (see $dir/worker-*.log)"; return; }
  local archived doubled deliveries bundles
  archived=$("${q[@]}" "SELECT count(*) FROM \"drop\" WHERE \"state\" = 'archived'")
  doubled=$("${q[@]}" "SELECT count(*) FROM (SELECT 1 FROM \"dropTransition\" GROUP BY \"dropID\", \"toState\" HAVING count(*) > 1) AS twice")
  deliveries=$("${q[@]}" "SELECT count(*) FROM \"delivery\"")
  bundles=$(find "$dir/out/vault" -name '*.tar.zst.age' | wc -l)
  [ "$archived" -eq "$drops" ] || echo "$archived of $drops drops archived"
  [ "$doubled" -eq 0 ] || echo "$doubled state(s) entered twice by a drop"
  [ "$deliveries" -eq "$drops" ] || echo "$deliveries deliveries for $drops drops"
  [ "$bundles" -eq "$drops" ] || echo "$bundles bundles in the vault for $drops drops"
  "$cardprep" audit verify "$dir/pipeline.yml" >/dev/null 2>&1 || echo "audit verify failed"
}

# One worker, then three.
one=$(workspace one)
start=$(now); worker "$one" prep-1; wait; one_seconds=$(seconds "$start" "$(now)")
problems=$(check "$one"); [ -z "$problems" ] || { echo "one worker: $problems" >&2; exit 1; }
three=$(workspace three)
start=$(now); for host in prep-1 prep-2 prep-3; do worker "$three" "$host"; done; wait
three_seconds=$(seconds "$start" "$(now)")
problems=$(check "$three"); [ -z "$problems" ] || { echo "three workers: $problems" >&2; exit 1; }

passed=0 killed=0 takeovers=0
for trial in $(seq 1 "$trials"); do
  dir=$(workspace "trial$trial")
  url=$(cat "$dir/url")
  pids=()
  for host in prep-1 prep-2 prep-3; do worker "$dir" "$host"; pids+=($!); done
  victim=$((RANDOM % 3))
  point=$(python3 -c "import sys; print(float(sys.argv[1]) * (10 + int(sys.argv[2]) % 71) / 100)" "$three_seconds" "$RANDOM")
  sleep "$point"
  held=0
  if kill -KILL "${pids[$victim]}" 2>/dev/null; then
    killed=$((killed + 1))
    held=$(psql "$url" -qAtc "SELECT count(*) FROM \"dropClaim\" WHERE \"holderPID\" = ${pids[$victim]}")
  fi
  { wait; } 2>/dev/null || true
  sleep $((lease + 1))
  worker "$dir" "prep-$((victim + 1))"; { wait; } 2>/dev/null || true
  problems=$(check "$dir")
  if [ -z "$problems" ]; then
    passed=$((passed + 1)); takeovers=$((takeovers + held))
  else
    echo "trial $trial (prep-$((victim + 1)) killed after ${point}s): $problems" >&2
  fi
  rm -rf "$dir"
done

rate() { python3 -c "import sys; print(f'{int(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$drops" "$1"; }
echo "drops: $drops of $cards cards; stages: ingest, validate, transform, archive; ledger: PostgreSQL; seed $seed"
echo "1 worker:  ${one_seconds} s, $(rate "$one_seconds") drops/s"
echo "3 workers: ${three_seconds} s, $(rate "$three_seconds") drops/s"
echo "kill trials: $passed of $trials passed; $killed workers killed mid-run; $takeovers claim(s) taken over after the lease ($lease s)"
[ "$passed" -eq "$trials" ]
