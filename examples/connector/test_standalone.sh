#!/bin/sh
# Builds the dirstore example the way a connector's author does: on its
# own, against an installed h5x (a staged install of the build tree), with
# find_package(h5x).  Then installs it into that h5x's plugin directory,
# checks that the installed h5x finds it there with no variable set, and
# runs the conformance suite against the plugin so built.
set -eu
build_dir=$1
source_dir=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/h5x-dirstore.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
cmake --install "$build_dir" --prefix "$prefix" >/dev/null

cmake -S "$source_dir/examples/connector" -B "$work/build" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/build" >/dev/null
cmake --install "$work/build" >/dev/null
plugindir=$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --variable=plugindir h5x)
test -f "$plugindir/libh5x_dirstore.so"

info=$(env -u H5X_PLUGIN_PATH LD_LIBRARY_PATH="$prefix/lib" "$prefix/bin/h5x" info)
echo "$info" | grep -q '^  dirstore 1\.0\.0$'
echo "$info" | grep -q "path: .*/lib/h5x/plugins/libh5x_dirstore.so$"

H5X_PLUGIN_PATH="$work/build" "$build_dir/bin/conformance" --connector dirstore --tmpdir "$work"
