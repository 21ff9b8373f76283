#!/usr/bin/env bash
# build-wasi-python.sh — static CPython 3.11 for wasm32-wasi, built from Debian 12's own
# python3.11 and zlib source packages, for pipeline_executor_wasm (README "WebAssembly").
#
#   usage: scripts/build-wasi-python.sh [--print-prefix]
#
# Builds into a cache outside the work tree, keyed by the content of this script and of
# scripts/wasi-python/ (the patches, the module and stdlib trims):
#   ${REMOTEMEDIA_WASI_PYTHON_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/remotemedia}/wasi-python-<hash>
# and prints that prefix as the only line on stdout (logs go to stderr). When the prefix
# is complete, it prints it and exits at once, so a machine pays for the build once
# (about 5 minutes on 2 cores, half of it the PGO profile's native build and training
# run). --print-prefix prints the prefix without building.
#
# The prefix holds:
#   include/python3.11/        headers + the wasm32-wasi pyconfig.h
#   lib/libpython3.11.a libmpdec.a libexpat.a libz.a
#   lib/python311.zip          the trimmed pure-Python stdlib as .pyc (wasi-python/stdlib-omit.txt)
#   share/mkpyzip.py           the packer (for the project's own package)
#   work/                      Debian sources, build trees and the PGO profile (deletable)
#
# Needs Debian 12, root or sudo (apt: the toolchain packages and deb-src entries), and
# /usr/bin/python3.11 (the build python and the .pyc packer must be 3.11 too).
# Env: JOBS (default nproc), PY_DEB_VERSION (python3.11 source version to try first).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
patches="$here/wasi-python"
hash="$(cat "$here/build-wasi-python.sh" $(find "$patches" -type f | LC_ALL=C sort) | sha256sum | cut -c1-16)"
cache="${REMOTEMEDIA_WASI_PYTHON_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/remotemedia}"
PREFIX="$cache/wasi-python-$hash"

if [ "${1:-}" = "--print-prefix" ]; then echo "$PREFIX"; exit 0; fi
if [ -f "$PREFIX/.complete" ]; then echo "$PREFIX"; exit 0; fi

exec 3>&1 1>&2          # stdout is for the prefix only
mkdir -p "$cache"
exec 9>"$PREFIX.lock"   # two builds at once (two checkouts): the second waits, then reuses
flock 9
if [ -f "$PREFIX/.complete" ]; then echo "$PREFIX" >&3; exit 0; fi

JOBS="${JOBS:-$(nproc)}"
WORK="$PREFIX/work"
SYSROOT="$PREFIX/sysroot"
INC="$PREFIX/include/python3.11"
LIB="$PREFIX/lib"
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
log() { printf '==> [%4ss] build-wasi-python: %s\n' "$SECONDS" "$*"; }
mkdir -p "$WORK/src" "$INC" "$LIB" "$PREFIX/share" "$SYSROOT/include" "$SYSROOT/lib"

# ------------------------------------------------------------------ 1. packages
PKGS=(clang-19 lld-19 llvm-19 wasi-libc libclang-rt-19-dev-wasm32 libclang-rt-19-dev libc++-19-dev-wasm32
      libc++abi-19-dev-wasm32 binaryen wabt dpkg-dev xz-utils make patch python3.11)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ------------------------------------------------------------------ 2. sysroot
# clang's wasm32-wasi driver looks in <sysroot>/include/wasm32-wasi and <sysroot>/lib/wasm32-wasi.
# Only these two: with --sysroot=/usr or none, host headers (x86-64 zlib.h) leak in silently.
ln -sfn /usr/include/wasm32-wasi "$SYSROOT/include/wasm32-wasi"
ln -sfn /usr/lib/wasm32-wasi "$SYSROOT/lib/wasm32-wasi"
WCC="clang-19 --target=wasm32-wasi --sysroot=$SYSROOT"
WCXX="clang++-19 --target=wasm32-wasi --sysroot=$SYSROOT"

# ------------------------------------------------------------------ 3. sources
if ! apt-cache showsrc python3.11 2>/dev/null | grep -q '^Package: python3.11'; then
  log "adding deb-src entries mirroring the deb entries"
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
      | $SUDO tee /etc/apt/sources.list.d/remotemedia-deb-src.sources >/dev/null
  else
    sed -n 's/^deb \(.*\)$/deb-src \1/p' /etc/apt/sources.list \
      | $SUDO tee /etc/apt/sources.list.d/remotemedia-deb-src.list >/dev/null
  fi
  $SUDO apt-get update -qq
fi
# fetch_src PKG GLOB: newest version first; a mirror can list a security version whose
# files are not there yet (404: python3.11 3.11.2-6+deb12u9 was), so older ones follow.
fetch_src() {
  local pkg="$1" glob="$2" v versions
  if compgen -G "$WORK/src/$glob/debian/changelog" >/dev/null; then return 0; fi
  versions="$(apt-cache showsrc "$pkg" | sed -n 's/^Version: //p' | sort -urV)"
  if [ "$pkg" = python3.11 ] && [ -n "${PY_DEB_VERSION:-}" ]; then versions="$PY_DEB_VERSION $versions"; fi
  for v in $versions; do
    log "apt-get source $pkg=$v"
    if (cd "$WORK/src" && apt-get source -q "$pkg=$v" >"$WORK/src/$pkg.log" 2>&1); then return 0; fi
    tail -3 "$WORK/src/$pkg.log"
    rm -rf "$WORK/src/"$glob
  done
  echo "error: build-wasi-python: cannot fetch the source of $pkg" >&2
  exit 1
}
fetch_src python3.11 'python3.11-3.11.*'
fetch_src zlib 'zlib-*'
PYSRC="$(dirname "$(dirname "$(compgen -G "$WORK/src/python3.11-3.11.*/debian/changelog" | head -1)")")"
ZSRC="$(dirname "$(dirname "$(compgen -G "$WORK/src/zlib-*/debian/changelog" | head -1)")")"
log "python $(dpkg-parsechangelog -l "$PYSRC/debian/changelog" -S Version), zlib $(dpkg-parsechangelog -l "$ZSRC/debian/changelog" -S Version)"

# ------------------------------------------------------------------ 4. patches
for p in "$patches"/*.patch; do
  if patch -d "$PYSRC" -p1 -R --dry-run -s -f <"$p" >/dev/null 2>&1; then continue; fi  # applied
  log "patch $(basename "$p")"
  patch -d "$PYSRC" -p1 -s -f <"$p"
done

# ------------------------------------------------------------------ 5. zlib
if [ ! -f "$LIB/libz.a" ]; then
  log "zlib"
  rm -rf "$WORK/zlib-build"; cp -a "$ZSRC" "$WORK/zlib-build"
  (cd "$WORK/zlib-build" &&
   CC="$WCC" CFLAGS="-O2" AR=llvm-ar-19 RANLIB=llvm-ranlib-19 CHOST=wasm32-wasi \
     ./configure --static --prefix="$PREFIX" &&
   make -j"$JOBS" libz.a && make install) >"$WORK/zlib-build.log" 2>&1 \
    || { tail -30 "$WORK/zlib-build.log"; exit 1; }
fi

# ------------------------------------------------------------------ 6. PGO profile
# Debian's python3.11 is built with profile-guided optimization, and so is this one.
# clang's front-end profile is keyed by each function's source, not by the target, so a
# profile taken from an instrumented native (x86-64) build of the same source applies to
# the wasm32 build (of ceval.c's 205 functions, 204 match; the odd one is ignored). The
# training run is CPython's own PGO task, `-m test --pgo`, as upstream's
# --enable-optimizations runs it; a failing test there only means less profile.
PROFDATA="$WORK/python.profdata"
if [ ! -f "$PROFDATA" ]; then
  NB="$WORK/build-profile"
  log "PGO: instrumented native CPython, then its training run (a few minutes)"
  rm -rf "$NB" "$WORK/profraw"; mkdir -p "$NB" "$WORK/profraw"
  (cd "$NB" &&
   CC=clang-19 CFLAGS=-fprofile-instr-generate LDFLAGS=-fprofile-instr-generate \
     "$PYSRC/configure" --disable-shared --with-pymalloc --without-ensurepip \
       --disable-test-modules &&
   make -j"$JOBS") >"$WORK/profile-build.log" 2>&1 \
    || { grep -E 'error:|Error' "$WORK/profile-build.log" | head -20; exit 1; }
  (cd "$NB" && LLVM_PROFILE_FILE="$WORK/profraw/%m-%p.profraw" \
     timeout 1800 ./python -m test --pgo </dev/null) >"$WORK/profile-run.log" 2>&1 || true
  compgen -G "$WORK/profraw/*.profraw" >/dev/null \
    || { tail -20 "$WORK/profile-run.log"; echo "error: build-wasi-python: the PGO run left no profile" >&2; exit 1; }
  # A test process killed mid-write leaves a truncated file: skip it, as a failed test.
  llvm-profdata-19 merge --failure-mode=all -o "$PROFDATA.tmp" "$WORK/profraw"
  mv "$PROFDATA.tmp" "$PROFDATA"
  rm -rf "$WORK/profraw" "$NB"
fi

# ------------------------------------------------------------------ 7. CPython
# --with-pymalloc: upstream leaves it off on WASI; it makes Python code 14–21 % faster
# here (the recipe's measurement). Setup.local drops the CJK codecs (0.66 MB).
B="$WORK/build-python"
if [ ! -f "$B/pybuilddir.txt" ] || [ ! -f "$B/libpython3.11.a" ]; then
  log "CPython configure + build (a few minutes)"
  mkdir -p "$B/Modules"
  cp "$patches/Setup.local" "$B/Modules/Setup.local"
  if [ ! -f "$B/Makefile" ]; then
    (cd "$B" &&
     CONFIG_SITE="$PYSRC/Tools/wasm/config.site-wasm32-wasi" \
     CC="$WCC" CXX="$WCXX" AR=llvm-ar-19 RANLIB=llvm-ranlib-19 READELF=true \
     PKG_CONFIG_PATH="" PKG_CONFIG_LIBDIR="$LIB/pkgconfig" \
     ZLIB_CFLAGS="-I$PREFIX/include" ZLIB_LIBS="-L$LIB -lz" \
     CFLAGS="-fprofile-instr-use=$PROFDATA -Wno-profile-instr-out-of-date" \
       "$PYSRC/configure" --host=wasm32-unknown-wasi --build="$("$PYSRC/config.guess")" \
         --with-build-python=/usr/bin/python3.11 --with-pymalloc \
         --disable-ipv6 --disable-shared --disable-test-modules) >"$WORK/configure.log" 2>&1 \
      || { tail -30 "$WORK/configure.log"; exit 1; }
  fi
  (cd "$B" && make -j"$JOBS" python.wasm && make pybuilddir.txt) >"$WORK/make.log" 2>&1 \
    || { grep -E 'error:|Error' "$WORK/make.log" | head -20; exit 1; }
fi

# ------------------------------------------------------------------ 8. install
log "install headers and static libraries"
mkdir -p "$INC/cpython" "$INC/internal"
cp "$PYSRC"/Include/*.h "$INC/"
cp "$PYSRC"/Include/cpython/*.h "$INC/cpython/"
cp "$PYSRC"/Include/internal/*.h "$INC/internal/"
cp "$B/pyconfig.h" "$INC/"
cp "$B/libpython3.11.a" "$B/Modules/_decimal/libmpdec/libmpdec.a" "$B/Modules/expat/libexpat.a" "$LIB/"
cp "$B/$(cat "$B/pybuilddir.txt")/_sysconfigdata__wasi_wasm32-wasi.py" "$LIB/"

# ------------------------------------------------------------------ 9. stdlib zip
# Debian's sysconfig.py looks for _sysconfigdata__<multiarch>, but the (not regenerated)
# configure writes _sysconfigdata__wasi_wasm32-wasi.py: ship it under Debian's name.
log "stdlib zip"
cp "$patches/mkpyzip.py" "$PREFIX/share/mkpyzip.py"
/usr/bin/python3.11 "$PREFIX/share/mkpyzip.py" --out "$LIB/python311.zip" \
  --tree "$PYSRC/Lib" --omit-file "$patches/stdlib-omit.txt" \
  --file "$LIB/_sysconfigdata__wasi_wasm32-wasi.py=_sysconfigdata__wasm32-wasi.py"

touch "$PREFIX/.complete"
log "done: $PREFIX"
echo "$PREFIX" >&3
