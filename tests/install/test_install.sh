#!/bin/sh
# Installs the build tree into a scratch prefix, then builds a consumer
# with find_package(h5x) and another with pkg-config, and runs both: the
# installed library must find its installed plugins on its own.
set -eu
build_dir=$1
source_dir=$2
hdf5_root=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/h5x-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
cmake --install "$build_dir" --prefix "$prefix" >/dev/null
# the install directory compiled into libh5x is the configured prefix; a
# scratch prefix is found through H5X_PLUGIN_PATH, or beside libh5x
test -f "$prefix/include/h5x.h"
test -f "$prefix/lib/pkgconfig/h5x.pc"
ls "$prefix"/lib/h5x/plugins/libh5x_native.so >/dev/null

cmake -S "$source_dir/tests/install/consumer" -B "$work/cmake-build" \
  -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/cmake-build" >/dev/null
LD_LIBRARY_PATH="$prefix/lib" "$work/cmake-build/consumer" "$work/a.h5"

PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --exists h5x
cc -std=c11 -o "$work/pc-consumer" "$source_dir/tests/install/consumer/consumer.c" \
  $(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs h5x)
LD_LIBRARY_PATH="$prefix/lib" "$work/pc-consumer" "$work/b.h5"
echo "1 passed, 0 failed"
