#!/bin/sh
# Fails when a filter plugin records a dependency on libhdf5 or libh5x:
# such a plugin would load a second HDF5 into the programs that use it.
status=0
for plugin in "$@"; do
  needed=$(objdump -p "$plugin" | awk '$1 == "NEEDED" { print $2 }')
  echo "$plugin needs: $(echo $needed)"
  case "$needed" in
    *libhdf5*|*libh5x.so*) echo "FAIL: $plugin depends on libhdf5 or libh5x"; status=1 ;;
  esac
  for symbol in H5PLget_plugin_type H5PLget_plugin_info h5x_filter_entry; do
    nm -D --defined-only "$plugin" | grep -qw "$symbol" || { echo "FAIL: $plugin does not export $symbol"; status=1; }
  done
done
exit $status
