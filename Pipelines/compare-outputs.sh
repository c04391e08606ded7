#!/usr/bin/env bash
# Runs ingest, validate and transform of two CardPrep builds on the same generated drop and compares what they
# made byte for byte: every job file's plaintext (decrypted with the demo station key), the reject reports, the
# shipping plan, the job manifest (without its time and the encrypted files' digests), and the ledger's card fingerprints and card trace rows. Exit 0 when all are the same, 1 when any differs (the differing files are listed).
#
#   bash Pipelines/compare-outputs.sh OLD_CARDPREP NEW_CARDPREP [CARDS] [WORK]
#
# Example: bash Pipelines/compare-outputs.sh /tmp/cardprep-before .build/release/cardprep 100000
set -euo pipefail
old=${1:?usage: compare-outputs.sh OLD_CARDPREP NEW_CARDPREP [CARDS] [WORK]}
new=${2:?usage: compare-outputs.sh OLD_CARDPREP NEW_CARDPREP [CARDS] [WORK]}
cards=${3:-100000}
work=${4:-$(mktemp -d)}
root=$(cd "$(dirname "$0")/.." && pwd)
station="$root/Fixtures/keys/demo-station.agekey"

# A WORK folder used before keeps its drop, so later builds are compared on the same bytes.
[ -f "$work/drop/pipeline.yml" ] || "$new" bench --cards "$cards" --work "$work/drop" --generate-only --package "$root" > /dev/null
for build in old new; do
    rm -rf "${work:?}/$build"
    cp -a "$work/drop" "$work/$build"
    binary=${!build}
    for stage in ingest validate transform; do
        "$binary" "$stage" "$work/$build/pipeline.yml" > "$work/$build/$stage.out"
    done
done

# One line per output: its path under out/ and the SHA-256 of its bytes (job files: of their plaintext).
digests() {
    local out="$1/out"
    (cd "$out" && find outbox customer-outbox -type f ! -name '*.sig' ! -name 'MANIFEST.json' ! -name 'allowed_signers' | sort) |
        while read -r file; do
            case "$file" in
                *.age) printf '%s %s\n' "$file" "$(age -d -i "$station" "$out/$file" | sha256sum | cut -d' ' -f1)" ;;
                *) printf '%s %s\n' "$file" "$(sha256sum < "$out/$file" | cut -d' ' -f1)" ;;
            esac
        done
    # The job manifest, without what differs from run to run (when it was made, the encrypted files' digests).
    find "$1/out" -path '*/jobs/jobs.json' | while read -r manifest; do
        printf 'job manifest %s\n' "$(jq -S 'del(.created) | .jobs[] |= del(.sha256)' "$manifest" | sha256sum | cut -d' ' -f1)"
    done
    printf 'ledger cardFingerprint %s\n' "$(sqlite3 "$out/ledger.sqlite" \
        'SELECT hex(fingerprint), panSequence, expiry FROM cardFingerprint ORDER BY fingerprint' | sha256sum | cut -d' ' -f1)"
    printf 'ledger cardTrace %s\n' "$(sqlite3 "$out/ledger.sqlite" \
        'SELECT record, hex(fingerprint), masked, initials, product, branch, job, batch, sequence FROM cardTrace
         ORDER BY record, job' | sha256sum | cut -d' ' -f1)"
}
digests "$work/old" > "$work/old.digests"
digests "$work/new" > "$work/new.digests"
echo "compared $(wc -l < "$work/new.digests") file(s) in $work"
if diff "$work/old.digests" "$work/new.digests"; then
    echo "same bytes"
else
    echo "outputs differ (see above)" >&2
    exit 1
fi
