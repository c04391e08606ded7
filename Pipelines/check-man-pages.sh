#!/bin/sh
# Generates the man pages from the command definitions (swift-argument-parser's generate-manual plugin, as
# install-cli.sh does) and checks them: one page for every command and subcommand of every executable, and each
# formats without a warning (groff -mandoc -ww, what man -l uses). Run after a debug build:
#   bash Pipelines/check-man-pages.sh
set -eu
cd "$(dirname "$0")/.."
configuration=${CONFIGURATION:-debug}
bin=$(swift build -c "$configuration" --show-bin-path)
out=.build/plugins/GenerateManual/outputs
rm -rf "$out"
swift package plugin generate-manual --configuration "$configuration" --multi-page >/dev/null
# A blank line in a command's discussion separates paragraphs: mdoc's is .Pp (as install-cli.sh installs them).
find "$out" -name '*.1' -exec sed -i 's/^$/.Pp/' {} +
status=0
for tool in cardprep cardprep-ingest cardprep-validate cardprep-transform cardprep-reconcile cardprep-inspect cardprep-archive; do
  # Every command path of the tool, from the definitions: `cardprep vault ls` → cardprep.vault.ls.1
  pages=$("$bin/$tool" --experimental-dump-help | python3 -c '
import json, sys
def walk(command, prefix):
    name = prefix + [command["commandName"]]
    yield ".".join(name)
    for sub in command.get("subcommands", []):
        yield from walk(sub, name)
for page in walk(json.load(sys.stdin)["command"], []):
    print(page)')
  for page in $pages; do
    file=$(find "$out" -name "$page.1" | head -n 1)
    if [ -z "$file" ]; then
      echo "man page missing: $page.1" >&2
      status=1
      continue
    fi
    warnings=$(groff -mandoc -Tutf8 -ww -z "$file" 2>&1 || true)
    if [ -n "$warnings" ]; then
      echo "man page $page.1 does not format cleanly:" >&2
      echo "$warnings" >&2
      status=1
    fi
  done
done
count=$(find "$out" -name '*.1' | wc -l)
[ "$status" -eq 0 ] && echo "man pages: $count generated, every command has one, all format without warnings"
exit "$status"
