#!/usr/bin/env bash
# Makes a Debian 12 machine ready to build and test h5x.
#
#  1. installs the Debian packages the project needs (only those missing);
#  2. provides HDF5 >= 1.14: an existing one is used as is (H5X_HDF5_DIR, or
#     pkg-config/h5cc on the system); otherwise Debian 13's source package
#     hdf5 1.14.5+repack-3 is fetched with `apt-get source` through the mirror
#     the system's apt already uses, checksum-verified, and built once into
#     a cache directory outside the repository.
#
# It is safe to run again: every step checks whether its work is already
# done.  On success the last line of stdout is the HDF5 install prefix, and
# the same prefix is written to $H5X_CACHE_DIR/hdf5-prefix so that the
# Makefile can find it without running this script twice.
#
# Environment:
#   H5X_CACHE_DIR   where downloads and the HDF5 build live
#                   (default: ${XDG_CACHE_HOME:-$HOME/.cache}/h5x)
#   H5X_HDF5_DIR    an HDF5 >= 1.14 install prefix to use instead
#   H5X_NO_APT=1    never call apt-get (report what is missing instead)
set -euo pipefail

say() { printf 'setup: %s\n' "$*" >&2; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

cache_dir=${H5X_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/h5x}
hdf5_version=1.14.5
hdf5_debian_version=1.14.5+repack-3
hdf5_prefix_default="$cache_dir/hdf5-$hdf5_version"
# sha256 of the files of the Debian source package; apt also checks them
# against the signed Sources index, these pin the exact bytes.
declare -A hdf5_sha256=(
  [hdf5_1.14.5+repack.orig.tar.gz]=71cdb04c151ef4e8a7f88907adfc4f3b75afd44e96fbd55775e1c9d7c4e7c112
  [hdf5_1.14.5+repack-3.debian.tar.xz]=284992575afb8755dd4ede8f75e2b83ac8d39644551665d94f7a0339f9eebca5
  [hdf5_1.14.5+repack-3.dsc]=360f915a6116895a1bba75bf92bd2e9c1ace69e63b3622331d6fc783de543ff0
)

mkdir -p "$cache_dir"

# ---------------------------------------------------------------- packages
debian_packages=(
  build-essential cmake pkg-config dpkg-dev xz-utils
  zlib1g-dev liblz4-dev libzstd-dev libblosc-dev
  python3-h5py python3-numpy python3-hdf5plugin hdf5-filter-plugin-blosc-serial
  clang libclang-rt-14-dev valgrind
)

missing_packages() {
  local p
  for p in "${debian_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

install_packages() {
  local missing
  mapfile -t missing < <(missing_packages)
  if [ ${#missing[@]} -eq 0 ]; then
    say "Debian packages: all present"
    return
  fi
  if [ "${H5X_NO_APT:-0}" = 1 ]; then
    die "missing Debian packages: ${missing[*]} (H5X_NO_APT=1 forbids installing them)"
  fi
  command -v apt-get >/dev/null || die "missing packages ${missing[*]} and no apt-get on this machine"
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "need root (or sudo) to install: ${missing[*]}"
    sudo=sudo
  fi
  say "installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 \
    || die "apt-get install ${missing[*]} failed"
}

# ------------------------------------------------------------------- HDF5
# Prints the version of the HDF5 under prefix $1, or nothing.
hdf5_version_at() {
  local header="$1/include/H5public.h"
  [ -f "$header" ] || return 0
  awk '/#define H5_VERS_MAJOR/{a=$3} /#define H5_VERS_MINOR/{b=$3} /#define H5_VERS_RELEASE/{c=$3} END{if(a!="")print a"."b"."c}' "$header"
}

# True when version $1 is at least 1.14.
version_ok() {
  local major minor
  IFS=. read -r major minor _ <<<"$1"
  [ -n "$major" ] && { [ "$major" -gt 1 ] || { [ "$major" -eq 1 ] && [ "$minor" -ge 14 ]; }; }
}

find_existing_hdf5() {
  local prefix v
  for prefix in "${H5X_HDF5_DIR:-}" "$hdf5_prefix_default"; do
    [ -n "$prefix" ] || continue
    v=$(hdf5_version_at "$prefix")
    if [ -n "$v" ] && version_ok "$v" && [ -f "$prefix/.h5x-complete" -o "$prefix" = "${H5X_HDF5_DIR:-}" ]; then
      say "HDF5 $v found at $prefix"
      echo "$prefix"
      return 0
    fi
  done
  # a system-wide HDF5 (Debian 13 and later ship 1.14)
  for prefix in /usr /usr/local; do
    v=$(hdf5_version_at "$prefix")
    if [ -n "$v" ] && version_ok "$v"; then
      say "HDF5 $v found at $prefix"
      echo "$prefix"
      return 0
    fi
  done
  return 1
}

# The first Debian mirror URI the system's apt uses (deb822 or one-line).
system_mirror() {
  local f uri=""
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    uri=$(awk 'BEGIN{IGNORECASE=1} /^URIs:/{for(i=2;i<=NF;i++) if ($i ~ /debian\/?$/ && $i !~ /security/) {print $i; exit}}' "$f")
    [ -n "$uri" ] && break
  done
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1=="deb" {for(i=2;i<=NF;i++) if ($i ~ /^(https?|file):/ && $i ~ /debian\/?$/ && $i !~ /security/) {print $i; exit}}' /etc/apt/sources.list)
  fi
  echo "$uri"
}

fetch_hdf5_source() {
  local src_dir="$cache_dir/src"
  mkdir -p "$src_dir"
  local have_all=1 f
  for f in "${!hdf5_sha256[@]}"; do [ -f "$src_dir/$f" ] || have_all=0; done
  if [ $have_all = 0 ]; then
    local mirror
    mirror=$(system_mirror)
    [ -n "$mirror" ] || die "cannot find the Debian mirror in the system's apt sources"
    say "fetching Debian source package hdf5 $hdf5_debian_version through the system's apt mirror"
    local apt_dir="$cache_dir/apt"
    mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$apt_dir/etc"
    printf 'deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s trixie main\n' "$mirror" \
      > "$apt_dir/etc/sources.list"
    local apt_opts=(
      -o "Dir::Etc::SourceList=$apt_dir/etc/sources.list"
      -o "Dir::Etc::SourceParts=/dev/null"
      -o "Dir::State::Lists=$apt_dir/lists"
      -o "Dir::Cache=$apt_dir"
      -o "APT::Get::List-Cleanup=0"
    )
    apt-get "${apt_opts[@]}" update -qq >&2 || die "apt-get update of the private source list failed"
    (cd "$src_dir" && apt-get "${apt_opts[@]}" source --download-only "hdf5=$hdf5_debian_version" >&2) \
      || die "apt-get source hdf5=$hdf5_debian_version failed (is Debian 13's source index reachable?)"
  fi
  for f in "${!hdf5_sha256[@]}"; do
    [ -f "$src_dir/$f" ] || die "$f missing after apt-get source"
    local want=${hdf5_sha256[$f]} got
    got=$(sha256sum "$src_dir/$f" | cut -d' ' -f1)
    [ "$got" = "$want" ] || die "checksum mismatch for $f: expected $want, got $got"
  done
  say "checksums of the hdf5 source package verified"
  local tree="$src_dir/hdf5-$hdf5_version"
  if [ ! -f "$tree/CMakeLists.txt" ]; then
    rm -rf "$tree"
    (cd "$src_dir" && dpkg-source --skip-patches -x "hdf5_$hdf5_debian_version.dsc" "hdf5-$hdf5_version" >&2) \
      || die "dpkg-source could not unpack hdf5_$hdf5_debian_version.dsc"
  fi
  echo "$tree"
}

build_hdf5() {
  local tree prefix="$hdf5_prefix_default" build="$cache_dir/build-hdf5-$hdf5_version"
  tree=$(fetch_hdf5_source)
  say "building HDF5 $hdf5_version into $prefix (a few minutes, once)"
  rm -rf "$build" "$prefix"
  cmake -S "$tree" -B "$build" -G "Unix Makefiles" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$prefix" \
    -DBUILD_SHARED_LIBS=ON -DBUILD_STATIC_LIBS=OFF \
    -DHDF5_BUILD_HL_LIB=ON -DHDF5_BUILD_TOOLS=ON -DHDF5_BUILD_UTILS=ON \
    -DHDF5_BUILD_FORTRAN=OFF -DHDF5_BUILD_CPP_LIB=OFF -DHDF5_BUILD_JAVA=OFF \
    -DHDF5_BUILD_EXAMPLES=OFF -DHDF5_BUILD_DOC=OFF \
    -DBUILD_TESTING=ON -DHDF5_TEST_API=ON -DHDF5_TEST_SERIAL=OFF -DHDF5_TEST_TOOLS=OFF \
    -DHDF5_TEST_EXAMPLES=OFF -DHDF5_TEST_SWMR=OFF -DHDF5_TEST_PARALLEL=OFF \
    -DHDF5_ENABLE_Z_LIB_SUPPORT=ON -DHDF5_ENABLE_SZIP_SUPPORT=OFF \
    -DHDF5_ALLOW_EXTERNAL_SUPPORT=NO \
    -DCMAKE_INSTALL_RPATH="$prefix/lib" >"$cache_dir/hdf5-configure.log" 2>&1 \
    || die "configuring HDF5 failed; see $cache_dir/hdf5-configure.log"
  cmake --build "$build" -j "$(nproc)" >"$cache_dir/hdf5-build.log" 2>&1 \
    || die "building HDF5 failed; see $cache_dir/hdf5-build.log"
  cmake --install "$build" >"$cache_dir/hdf5-install.log" 2>&1 \
    || die "installing HDF5 failed; see $cache_dir/hdf5-install.log"
  # HDF5's API test driver is not installed by CMake; keep it beside the tools.
  if [ -x "$build/bin/h5_api_test" ]; then
    cp "$build/bin/h5_api_test" "$prefix/bin/"
  fi
  touch "$prefix/.h5x-complete"
  say "HDF5 $hdf5_version installed at $prefix"
  echo "$prefix"
}

install_packages
if ! prefix=$(find_existing_hdf5); then
  prefix=$(build_hdf5)
fi
# h5_api_test needs libhdf5_test, which CMake does not install; keep it in
# the prefix's lib (the driver's run path), also for an existing cache.
hdf5_build_dir="$cache_dir/build-hdf5-$hdf5_version"
if [ -x "$prefix/bin/h5_api_test" ] && [ ! -e "$prefix/lib/libhdf5_test.so" ] \
  && [ -e "$hdf5_build_dir/bin/libhdf5_test.so" ]; then
  cp -P "$hdf5_build_dir"/bin/libhdf5_test.so* "$prefix/lib/"
fi
echo "$prefix" > "$cache_dir/hdf5-prefix"
echo "$prefix"
