#!/bin/sh
# Installs CardPrep's executables, their man pages and shell completions under PREFIX (default /usr/local):
#   bash Pipelines/install-cli.sh [PREFIX]
# Builds in release first (CONFIGURATION=debug for a quicker build); the man pages are generated from the command
# definitions by swift-argument-parser's generate-manual plugin, the completions by `cardprep --generate-completion-script`.
set -eu
prefix=${1:-/usr/local}
configuration=${CONFIGURATION:-release}
cd "$(dirname "$0")/.."
swift build -c "$configuration"
bin=$(swift build -c "$configuration" --show-bin-path)
install -d "$prefix/bin" "$prefix/share/man/man1" "$prefix/share/bash-completion/completions" \
  "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d"
for tool in cardprep cardprep-ingest cardprep-validate cardprep-transform cardprep-reconcile cardprep-inspect \
  cardprep-archive age-plugin-cardprep; do
  install -m 0755 "$bin/$tool" "$prefix/bin/$tool"
done
swift package plugin generate-manual --configuration "$configuration" --multi-page
# A blank line in a command's discussion separates paragraphs: mdoc's is .Pp (groff warns of empty lines).
find .build/plugins/GenerateManual/outputs -name '*.1' -exec sed -i 's/^$/.Pp/' {} +
find .build/plugins/GenerateManual/outputs -name '*.1' -exec install -m 0644 {} "$prefix/share/man/man1/" \;
"$bin/cardprep" --generate-completion-script bash > "$prefix/share/bash-completion/completions/cardprep"
"$bin/cardprep" --generate-completion-script zsh > "$prefix/share/zsh/site-functions/_cardprep"
"$bin/cardprep" --generate-completion-script fish > "$prefix/share/fish/vendor_completions.d/cardprep.fish"
echo "installed under $prefix: try 'man cardprep', 'man cardprep.check' and 'cardprep <TAB>'"
