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
# Wine's Credential Manager encrypts every stored secret with a key it makes on first use
# (HKCU\Software\Wine\Credential Manager\EncryptionKey, advapi32 cred.c), reading then writing
# it with no lock. Tests writing secrets in parallel on a fresh prefix can each make their own
# key, and a secret sealed with the key that lost then reads back as garbage of the right
# length. So the key is made once, here, before any test runs (and never replaced: secrets
# already in the prefix stay readable).
CRED_KEY='HKCU\Software\Wine\Credential Manager'
if ! wine reg query "$CRED_KEY" /v EncryptionKey >/dev/null 2>&1; then
  wine reg add "$CRED_KEY" /v EncryptionKey /t REG_BINARY /d "$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')" /f >/dev/null 2>&1
  wineserver -w
fi
# Rust's std needs bcryptprimitives!ProcessPrng, which Wine 8 lacks.
x86_64-w64-mingw32-gcc -O2 -shared -o "$WINE_DIR/bcryptprimitives.dll" tests/wine/processprng.c
cp "$WINE_DIR/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"

cargo test -p roster-credentials --target x86_64-pc-windows-gnu --locked "$@"
