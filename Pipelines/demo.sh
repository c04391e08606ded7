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
exec .build/debug/cardprep run Pipelines/sample.yml "$@"
