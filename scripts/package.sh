#!/usr/bin/env bash
# Builds Roster's release binary once and bundles the Linux packages (.deb and .rpm) with the
# Tauri bundler, offline; prints their paths. The same build serves the installed-package
# test and the start-up benchmark. Other platforms' installers: docs/releasing.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
TAURI_APP_PATH=src-tauri TAURI_FRONTEND_PATH=ui ui/node_modules/.bin/tauri build --ci --bundles deb,rpm
version=$(node -p "require('./tauri.conf.json').version")
ls -l "$CARGO_TARGET_DIR/release/bundle/deb/Roster_${version}_amd64.deb" \
      "$CARGO_TARGET_DIR/release/bundle/rpm/Roster-${version}-1.x86_64.rpm"
