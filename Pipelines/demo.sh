#!/usr/bin/env bash
# Installs what is missing, builds CardPrep, stages the bundled sample drop into the sample pipeline's
# inbox (Output/sample/inbox) with the DEMO-ONLY keys, and runs the pipeline over it.
# Running it again delivers the same drop again: the run records a duplicate delivery and processes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Pipelines/install-dependencies.sh
swift build --product cardprep >&2
keys=Output/sample/keys
mkdir -p "$keys" Output/sample/inbox
for f in bureau.agekey bureau-signing fingerprint.key vault.agekey station.agekey; do
  [ -f "$keys/$f" ] || install -m 600 "Fixtures/keys/demo-$f" "$keys/$f"
done
for f in bureau.agekey.pub bureau-signing.pub allowed_signers vault.agekey.pub station.agekey.pub; do
  [ -f "$keys/$f" ] || install -m 644 "Fixtures/keys/demo-$f" "$keys/$f"
done
# The demo staff's signing keys (see Pipelines/people): ssh-keygen refuses private keys others can read.
mkdir -p "$keys/staff"
for person in alice bob carol dave erin frank grace; do
  [ -f "$keys/staff/$person" ] || install -m 600 "Fixtures/keys/demo-staff-$person" "$keys/staff/$person"
  [ -f "$keys/staff/$person.pub" ] || install -m 644 "Fixtures/keys/demo-staff-$person.pub" "$keys/staff/$person.pub"
done
cp -R Fixtures/sample-inbox/. Output/sample/inbox/
# The production floor's reports for the sample order (what the stations, shipping and the stock room send back).
mkdir -p Output/sample/production
cp -R Fixtures/reconcile/clean/. Output/sample/production/
# The floor's destruction.csv reports the sample's spoiled card (CD000004) destroyed under record DES-2026-0007; it
# counts only once the executor and three witnesses have signed the record. The demo signs it with the DEMO-ONLY staff
# keys, with the commands shown (each works when pasted): bob destroyed the card, erin (production), alice (security)
# and dave (warehouse) watched. Run again, the destruction is recorded already and nothing is signed.
cardprep=.build/debug/cardprep
show() { printf '  %s\n' "$*" >&2; }
if ! "$cardprep" stock destructions Pipelines/sample.yml --id DES-2026-0007 >/dev/null 2>&1; then
  destroy=(stock destroy Pipelines/sample.yml --record-id DES-2026-0007 --product C01-DEBIT --quantity 1
           --serials CD000004 --method shredding --place "Secure room 2" --cctv CAM2-20261104-1600
           --time 2026-11-04T16:00:00Z --executor bob --production-witness erin --security-witness alice
           --warehouse-witness dave --reason "spoiled in production, order ORD-20261101-01")
  echo "demo: signing the destruction of the sample's spoiled card (DEMO-ONLY staff keys):" >&2
  show "$(printf '%q ' "$cardprep" "${destroy[@]}")--json    # exits 64: the statement to sign"
  status=0
  request=$("$cardprep" "${destroy[@]}" --json) || status=$?
  [ "$status" -eq 64 ] || { printf '%s\n' "$request" >&2; exit "$status"; }
  statement=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["statementFile"])' <<<"$request")
  sed 's/^/    /' "$statement" >&2
  signatures=()
  for person in bob erin alice dave; do
    signature="${statement%.txt}.$person.sig"
    show "ssh-keygen -Y sign -n cardprep-statement -f $keys/staff/$person < $statement > $signature"
    ssh-keygen -Y sign -n cardprep-statement -f "$keys/staff/$person" < "$statement" > "$signature" 2>/dev/null
    signatures+=(--signature "$signature")
  done
  show "$(printf '%q ' "$cardprep" "${destroy[@]}" --statement "$statement" "${signatures[@]}")"
  "$cardprep" "${destroy[@]}" --statement "$statement" "${signatures[@]}" >&2
fi
exec .build/debug/cardprep run Pipelines/sample.yml "$@"
