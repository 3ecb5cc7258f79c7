#!/bin/sh
# Runs fuzz_hdf5_file for a while and judges what it found.
#
#   run_file_fuzzer.sh FUZZER SECONDS WORKDIR SEEDS KNOWN_LIST LSAN_SUPPRESSIONS
#
# libhdf5 1.14.5 has crashes and hangs of its own on damaged files that h5x
# cannot see coming (tests/fuzz/README.md lists them).  So that one of
# those does not end the run, libFuzzer runs in fork mode and keeps going
# after crashes, hangs and memory exhaustion, saving each input.  Every
# saved input is then replayed: it is accepted only when the failure lies
# inside libhdf5 (the innermost frame past the sanitizer is in libhdf5)
# under one of the functions named in KNOWN_LIST.  Anything else — above
# all, a failure in h5x's own code — fails the run and its trace is shown.
#
# Memory: a damaged file can make libhdf5 ask for absurd amounts.  As on a
# real machine, such a malloc returns NULL (allocator_may_return_null),
# which libhdf5 reports as an error; an input that exhausts memory anyway is
# a finding like any other and must be known.
set -u
fuzzer=$1 seconds=$2 work=$3 seeds=$4 known=$5 suppressions=$6
mkdir -p "$work/corpus"
rm -rf "$work/artifacts"
mkdir -p "$work/artifacts"
export ASAN_OPTIONS=allocator_may_return_null=1
export LSAN_OPTIONS="suppressions=$suppressions:print_suppressions=0"

"$fuzzer" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 -max_total_time="$seconds" \
    -max_len=16384 -timeout=20 -rss_limit_mb=2048 -malloc_limit_mb=65536 \
    -artifact_prefix="$work/artifacts/" "$work/corpus" "$seeds" >"$work/fuzz.log" 2>&1
grep -E '^#[0-9]+: cov' "$work/fuzz.log" | tail -n 1

known_functions=$(grep -v '^#' "$known" | awk 'NF { print $1 }')
accepted=0 failed=0 gone=0
for input in "$work"/artifacts/*; do
    [ -e "$input" ] || continue
    # Replayed with the slow unwinder, so that stacks through libhdf5 (no
    # frame pointers) are whole, and with any single allocation over 1 GiB
    # reported where it is made: an input that exhausted memory is then
    # judged by the allocation that did it, not by wherever the program
    # happened to be when the total ran over.
    trace=$(ASAN_OPTIONS=allocator_may_return_null=1:fast_unwind_on_malloc=0 \
        "$fuzzer" -timeout=5 -rss_limit_mb=2048 -malloc_limit_mb=1024 "$input" 2>&1)
    if ! printf '%s\n' "$trace" | grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|ALARM|runtime error'; then
        gone=$((gone + 1)) # an exhaustion that needed the fork job's history; the input alone is fine
        continue
    fi
    # the innermost frame that is not the sanitizer's, libFuzzer's, the allocator's or libc's
    innermost=$(printf '%s\n' "$trace" | grep -E '^ +#[0-9]+ ' |
        grep -vE 'sanitizer|__asan|__lsan|__interceptor|fuzzer::|libc\.so|sysdeps/|in (malloc|calloc|realloc|free|memset|memcpy|memmove) ' |
        head -n 1)
    matched=""
    # libhdf5's own functions are named H5*; static ones print no module
    if printf '%s\n' "$innermost" | grep -qE 'libhdf5|in H5[A-Za-z0-9_]* '; then
        for fn in $known_functions; do
            if printf '%s\n' "$trace" | grep -qE "in $fn( |$)"; then
                matched=$fn
                break
            fi
        done
    fi
    if [ -n "$matched" ]; then
        accepted=$((accepted + 1))
        echo "known libhdf5 failure ($matched): $(basename "$input")"
    else
        failed=$((failed + 1))
        echo "UNKNOWN failure: $input"
        printf '%s\n' "$trace" | grep -E 'ERROR|ALARM|runtime error|^ +#[0-9]+ ' | head -n 30
    fi
done
echo "fuzz_hdf5_file: ${seconds}s, $accepted known libhdf5 failures, $gone not reproducible alone, $failed unknown"
[ "$failed" -eq 0 ]
