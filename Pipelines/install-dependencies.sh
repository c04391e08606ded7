#!/usr/bin/env bash
# Installs the Debian packages CardPrep builds against and tests with, when any is missing.
# Build: libxml2-dev, libarchive-dev, libsqlite3-dev, librnp-dev (OpenPGP intake), pkg-config.
# Interoperability (tests and operators): age, openssh-client (ssh-keygen -Y), libxml2-utils (xmllint),
# libarchive-tools (bsdtar), zstd, python3 and sqlite3 (test helpers), util-linux (flock, mount),
# chromium (prints the signed reports to PDF headless in the tests), poppler-utils (pdfinfo and pdftotext
# count and read those PDFs' pages), strace (the crash tests kill runs at chosen
# system calls with its fault injection), gnupg and sqop (OpenPGP drops made by gpg and Sequoia in the tests;
# gpg is also how a bureau makes its OpenPGP key).
# Keys in a token: softhsm2 (the PKCS#11 token the tests and CI create their own of), opensc (pkcs11-tool, to look
# inside a token), libp11-kit-dev (pkcs11.h, for the CPKCS11 target).
# Several hosts: postgresql (the server the ledger tests run against, started by Pipelines/postgres-server.sh; its
# psql makes the tests' databases).
# Man pages: groff-base (check-man-pages.sh formats every generated page with groff to find warnings).
set -euo pipefail
packages=(pkg-config libxml2-dev libarchive-dev libsqlite3-dev librnp-dev age openssh-client libxml2-utils libarchive-tools zstd python3 sqlite3 util-linux chromium poppler-utils strace gnupg sqop softhsm2 opensc libp11-kit-dev groff-base postgresql)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
