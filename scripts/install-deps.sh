#!/usr/bin/env bash
# Installs every Debian package remotemedia's build and benchmarks need; with --test, also
# what only the tests need: Chromium and the npm packages of tests/browser (which run the
# .wasm in a web page). Idempotent and quiet when everything is already there. Needs root
# (or sudo) for apt.
#   scripts/install-deps.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  g++ cmake ninja-build make pkg-config
  rapidjson-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3.11 python3-numpy libpython3.11-dev
  # WebAssembly form (wasm32-wasi): compiler, wasi-libc and libc++, wasm-opt, wasm-strip;
  # dpkg-dev and xz-utils unpack the Debian sources scripts/build-wasi-python.sh builds.
  clang-19 lld-19 llvm-19 wasi-libc libclang-rt-19-dev-wasm32
  libc++-19-dev-wasm32 libc++abi-19-dev-wasm32 binaryen wabt dpkg-dev xz-utils
)
# scripts/wasi-run.mjs runs the .wasm under Node's node:wasi (Node >= 20 tested).
command -v node >/dev/null || packages+=(nodejs)
case "${1:-}" in
  "") tests=false ;;
  --test) tests=true ;;
  *) echo "usage: scripts/install-deps.sh [--test]" >&2; exit 2 ;;
esac
# tests/browser drives Debian's Chromium (playwright-core needs no browser download).
$tests && packages+=(chromium)
$tests && ! command -v npm >/dev/null && packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "install-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  if ! $sudo apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; then
    $sudo apt-get update -qq
    $sudo apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

# The npm packages tests/browser/package-lock.json pins, once per version of that file.
if $tests && ! cmp -s tests/browser/package-lock.json tests/browser/node_modules/.installed-lock; then
  echo "install-deps: npm ci in tests/browser" >&2
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  cp tests/browser/package-lock.json tests/browser/node_modules/.installed-lock
fi
