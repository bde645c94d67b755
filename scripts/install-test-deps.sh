#!/bin/sh
# Installs what the test suite needs and is missing; safe to run repeatedly (each step checks first).
#   1. Debian packages for the real Kafka clients (kcat, confluent-kafka and kafka-python for
#      /usr/bin/python3, their codecs) and the libraries @confluentinc/kafka-javascript links against.
#   2. node_modules (npm ci) when missing or not matching package-lock.json.
#   3. @confluentinc/kafka-javascript, built from source against Debian's libraries into a cache
#      directory outside the repo (about 2 minutes, once per version and Node ABI). It is kept out of
#      package.json so that a plain `npm ci` stays fast.
# Environment: FERRYMQ_TEST_DEPS_DIR (cache root, default ~/.cache/ferrymq-test-deps),
#   FERRYMQ_SKIP_CKJS=1 (do not build the confluent client).
set -eu

cd "$(dirname "$0")/.."

CKJS_VERSION=1.10.1
APT_PACKAGES="kcat python3-confluent-kafka python3-kafka python3-snappy python3-lz4 python3-zstandard \
libssl-dev zlib1g-dev libzstd-dev liblz4-dev libsasl2-dev libcurl4-openssl-dev make g++ python3 \
mount e2fsprogs util-linux"
# mount (mount, losetup), e2fsprogs (mkfs.ext4), util-linux (fallocate): compat-tests/crash/ mounts a tmpfs
# and an ext4 image on a loop device, as root.

say() { printf '[install-test-deps] %s\n' "$*"; }

# --- 1. Debian packages -----------------------------------------------------------------------------
missing=""
for pkg in $APT_PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing="$missing $pkg"
  fi
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then
    say "installing Debian packages:$missing"
    apt-get update -qq
    # shellcheck disable=SC2086 # word splitting of the package list is intended
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    say "ERROR: these Debian packages are missing and this user is not root:$missing"
    say "install them with: sudo apt-get install -y$missing"
    exit 1
  fi
fi

# --- 2. node_modules ----------------------------------------------------------------------------------
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.ferrymq-lock-sha256
if [ ! -d node_modules ]; then
  say "node_modules missing: npm ci"
  npm ci --no-audit --no-fund
elif [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_hash" ]; then
  : # installed from this exact lock file
elif npm ls --all >/dev/null 2>&1; then
  : # tree matches package.json (installed by hand); record it
else
  say "node_modules does not match package-lock.json: npm ci"
  npm ci --no-audit --no-fund
fi
printf '%s\n' "$lock_hash" >"$stamp"

# --- 3. @confluentinc/kafka-javascript (cached native build) ------------------------------------------
if [ "${FERRYMQ_SKIP_CKJS:-0}" = 1 ]; then
  say "FERRYMQ_SKIP_CKJS=1: not building @confluentinc/kafka-javascript"
  exit 0
fi
cache_root=${FERRYMQ_TEST_DEPS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ferrymq-test-deps}
abi=$(node -p 'process.versions.modules')
ckjs_dir="$cache_root/confluent-kafka-javascript-$CKJS_VERSION-node-abi$abi"
ckjs_loads() {
  node -e "require(process.argv[1] + '/node_modules/@confluentinc/kafka-javascript')" "$1" >/dev/null 2>&1
}
if ckjs_loads "$ckjs_dir"; then
  exit 0
fi
say "building @confluentinc/kafka-javascript@$CKJS_VERSION into $ckjs_dir (takes about 2 minutes)"
mkdir -p "$cache_root"
work="$ckjs_dir.partial.$$"
rm -rf "$work"
mkdir -p "$work"
cat >"$work/package.json" <<EOF
{ "name": "ferrymq-ckjs-cache", "private": true,
  "allowScripts": { "@confluentinc/kafka-javascript": true } }
EOF
build_log="$cache_root/confluent-kafka-javascript-$CKJS_VERSION.build.log"
# CKJS_LINKING=dynamic: link Debian's libssl/libzstd/liblz4/libsasl2/libcurl instead of downloading
# prebuilt binaries (which cannot be fetched here).
if (cd "$work" && CKJS_LINKING=dynamic npm install --no-audit --no-fund --foreground-scripts \
  "@confluentinc/kafka-javascript@$CKJS_VERSION") >"$build_log" 2>&1 && ckjs_loads "$work"; then
  rm -rf "$ckjs_dir"
  mv "$work" "$ckjs_dir"
  say "built; log in $build_log"
else
  rm -rf "$work"
  say "ERROR: building @confluentinc/kafka-javascript failed; last lines of $build_log:"
  tail -n 20 "$build_log" || true
  exit 1
fi
