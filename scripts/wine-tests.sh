#!/usr/bin/env bash
# Runs the keychain tests as a Windows program under Wine, against Wine's
# Windows Credential Manager (keyring's windows-native store). Headless: no
# display needed. Used by scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

WINE_DIR="$CARGO_TARGET_DIR/wine"
export WINEPREFIX="$WINE_DIR/prefix"
export WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml="
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=wine
mkdir -p "$WINE_DIR"

if [ ! -f "$WINEPREFIX/system.reg" ]; then
  wineboot --init >/dev/null 2>&1
  wineserver -w
fi
# Rust's std needs bcryptprimitives!ProcessPrng, which Wine 8 lacks.
x86_64-w64-mingw32-gcc -O2 -shared -o "$WINE_DIR/bcryptprimitives.dll" tests/wine/processprng.c
cp "$WINE_DIR/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"

cargo test -p roster-credentials --target x86_64-pc-windows-gnu --locked "$@"
