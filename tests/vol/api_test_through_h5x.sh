#!/bin/sh
# api_test_through_h5x.sh — HDF5's API test suite (h5_api_test, from the
# HDF5 build) run against the h5x VOL connector.
#
#   api_test_through_h5x.sh H5_API_TEST PLUGIN_DIR INFO MIN_PASSES WORKDIR [KNOWN_CRASH_CLASS...]
#
# Each test class (file, group, dataset, ...) runs as its own process in a
# scratch directory, with HDF5_VOL_CONNECTOR="h5x INFO", so that one class
# that stops early cannot hide the results of the others.  The counts of
# passed, failed and skipped tests are printed per class and summed.  The
# test fails when fewer than MIN_PASSES pass, or when a class ends by a
# signal or without its summary line and is not named as a known crash
# (docs/vol.md lists those, with the reason).
set -u
API_TEST=$1
PLUGINS=$2
INFO=$3
MIN_PASSES=$4
WORK=$5
shift 5
KNOWN_CRASHES=" $* "

[ -x "$API_TEST" ] || { echo "no h5_api_test at $API_TEST: skipped"; exit 77; }
# The installed driver needs libhdf5_test from HDF5's build tree.
if ldd "$API_TEST" 2>/dev/null | grep -q "libhdf5_test.*not found"; then
    prefix=$(dirname "$(dirname "$API_TEST")")
    for dir in "$prefix/lib" "$(dirname "$prefix")"/build-hdf5-*/bin; do
        if [ -e "$dir/libhdf5_test.so" ]; then
            LD_LIBRARY_PATH="$dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
            export LD_LIBRARY_PATH
            break
        fi
    done
fi

export HDF5_PLUGIN_PATH="$PLUGINS"
export HDF5_VOL_CONNECTOR="h5x $INFO"
rm -rf "$WORK"
mkdir -p "$WORK" || exit 1

total_pass=0 total_fail=0 total_skip=0 unexpected=0
for class in file group dataset datatype attribute link object misc; do
    dir="$WORK/$class"
    mkdir -p "$dir"
    (cd "$dir" && timeout 600 "$API_TEST" "$class" > output.txt 2>&1)
    status=$?
    summary=$(grep "API tests passed with VOL connector" "$dir/output.txt")
    if [ -n "$summary" ] && [ $status -lt 128 ]; then
        pass=$(echo "$summary" | sed 's|/.*||')
        fail=$(grep "API tests did not pass" "$dir/output.txt" | sed 's|/.*||')
        skip=$(grep "API tests were skipped" "$dir/output.txt" | sed 's|/.*||')
        ended="completed"
    else
        pass=$(grep -c "PASSED" "$dir/output.txt")
        fail=$(grep -c "FAILED" "$dir/output.txt")
        skip=$(grep -c -- "-SKIP-" "$dir/output.txt")
        last=$(grep "Testing" "$dir/output.txt" | tail -1 | sed 's/  */ /g')
        case "$KNOWN_CRASHES" in
        *" $class "*) ended="stopped (status $status, known) in:$last" ;;
        *) ended="STOPPED (status $status) in:$last"; unexpected=$((unexpected + 1)) ;;
        esac
    fi
    printf '%-10s %4s passed %4s failed %4s skipped  %s\n' "$class" "$pass" "$fail" "$skip" "$ended"
    total_pass=$((total_pass + pass))
    total_fail=$((total_fail + fail))
    total_skip=$((total_skip + skip))
done

echo "h5_api_test through h5x ($INFO): $total_pass passed, $total_fail failed, $total_skip skipped"
[ $unexpected -eq 0 ] || { echo "$unexpected test class(es) stopped unexpectedly"; exit 1; }
[ "$total_pass" -ge "$MIN_PASSES" ] || { echo "fewer than $MIN_PASSES passed"; exit 1; }
exit 0
