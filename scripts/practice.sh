#!/usr/bin/env bash
# Sets up (first time) and opens Roster. Click "Open the practice
# organization" to work on the built-in sample organization.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
(cd ui && npm run build --silent)
cargo build -p roster
exec "$CARGO_TARGET_DIR/debug/roster" --practice "$@"
