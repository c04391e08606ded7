#!/usr/bin/env bash
# Measures ingest of one large OpenPGP drop against the same drop in age: wall time and peak RSS (/usr/bin/time -v).
# The bank's side is played by gpg in a temporary GNUPGHOME; plaintext only ever passes through pipes.
#   bash Pipelines/bench-openpgp.sh [CARDPREP] [CARDS]      (default: .build/release/cardprep, 2600000 cards ≈ 200 MB)
set -euo pipefail
cardprep=$(realpath "${1:-.build/release/cardprep}")
cards=${2:-2600000}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
export GNUPGHOME="$work/gnupg"
trap 'gpgconf --kill gpg-agent 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -m 700 "$GNUPGHOME"
"$cardprep" keys generate --dir "$work/keys" --principal bench@cardprep >/dev/null
gpg --batch -q --passphrase '' --quick-gen-key 'Bureau <bureau@bench>' future-default default never
gpg --batch -q --passphrase '' --quick-gen-key 'Bank <bank@bench>' future-default default never
gpg --batch -q --passphrase '' --export-secret-keys bureau@bench > "$work/keys/bureau-openpgp.key"
chmod 600 "$work/keys/bureau-openpgp.key"
for kind in age openpgp; do
  mkdir -p "$work/$kind/customers"
  "$cardprep" fixtures generate --out "$work/$kind/inbox" --customers 1 --cards "$cards" --seed 7 --date 2026-11-01 \
    -r "$(cat "$work/keys/bureau.agekey.pub")" --profiles "$work/$kind/customers" >/dev/null
  cat > "$work/$kind/pipeline.yml" <<YAML
version: 1
name: bench-$kind
inbox: inbox
output: out
customers: customers
machines: $repo/Pipelines/machines
order_schema: $repo/Pipelines/schemas/order-v1.xsd
keys:
  identity: $work/keys/bureau.agekey
  openpgp_identity: $work/keys/bureau-openpgp.key
stages: [ingest]
inbox_rules: {settle: 0s, stale_after: 6h}
YAML
done
drop=$(ls -d "$work"/openpgp/inbox/*/*)
customer=$(basename "$(dirname "$drop")")
age_file=$(ls "$drop"/*.age)
age -d -i "$work/keys/bureau.agekey" "$age_file" \
  | gpg --batch -q --trust-model always --compress-algo none -e -r bureau@bench -o "${age_file%.age}.gpg"
rm "$age_file"
(cd "$drop" && sha256sum -- *.xml *.gpg > MANIFEST.sha256 && rm -f MANIFEST.sha256.sig \
  && gpg --batch -q --passphrase '' -u bank@bench --detach-sign MANIFEST.sha256)
gpg --armor --export bank@bench > "$work/openpgp/customers/$customer.asc"
printf 'card_data_encryption: openpgp\nmanifest_signature: openpgp\nopenpgp_signers: [%s.asc]\n' "$customer" \
  >> "$work/openpgp/customers/$customer.yml"
for kind in age openpgp; do
  size=$(du -b "$work/$kind"/inbox/*/*/cards-* | cut -f1)
  /usr/bin/time -v "$cardprep" ingest "$work/$kind/pipeline.yml" >"$work/$kind.out" 2>"$work/$kind.time" || true
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/$kind.time")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/$kind.time")
  echo "$kind: card file $size bytes, ingest wall $wall, peak RSS ${rss} KiB: $(tail -1 "$work/$kind.out")"
done
