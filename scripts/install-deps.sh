#!/usr/bin/env bash
# Installs every Debian package remotemedia's build and benchmarks need; with --web, also
# the npm package of the browser demo (web/); with --test, also what only the tests need:
# Chromium and the npm packages of web/ and tests/browser (which run the .wasm in a web
# page), and scipy. Idempotent and quiet when everything is already there. Needs root (or
# sudo) for apt.
#   scripts/install-deps.sh [--web | --test]
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
  "") web=false tests=false ;;
  --web) web=true tests=false ;;
  --test) web=true tests=true ;;
  *) echo "usage: scripts/install-deps.sh [--web | --test]" >&2; exit 2 ;;
esac
# tests/browser drives Debian's Chromium (playwright-core needs no browser download);
# scipy is the reference Resample is tested against.
$tests && packages+=(chromium python3-scipy)
$web && ! command -v npm >/dev/null && packages+=(npm)

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

# The npm packages a package-lock.json pins, once per version of that file.
npm_ci() {
  if ! cmp -s "$1/package-lock.json" "$1/node_modules/.installed-lock"; then
    echo "install-deps: npm ci in $1" >&2
    (cd "$1" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    cp "$1/package-lock.json" "$1/node_modules/.installed-lock"
  fi
}
if $web; then npm_ci web; fi
if $tests; then npm_ci tests/browser; fi
