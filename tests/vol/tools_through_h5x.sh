#!/bin/sh
# tools_through_h5x.sh — HDF5's own tools, reading and writing through the
# h5x VOL connector, must see what they see reading the files directly.
#
#   tools_through_h5x.sh HDF5_BINDIR PLUGIN_DIR PYTHON WRITER WORKDIR
#
# 1. h5py writes the seed files (write_seeds.py); no h5py: skip (77).
# 2. h5dump and h5ls -r through h5x, over native and over core (with a
#    backing store, which loads the existing file), print exactly what the
#    plain tools print.
#    The same for the reference datasets and attribute of refs.h5.
# 3. h5diff finds no difference between a native file and the same tree
#    read through h5x over core.
# 4. h5repack through h5x converts the native file into a family of
#    member files and into a core file with a backing store; h5diff reads
#    both back (through h5x, and the second also directly) as identical.
#    The core copy keeps the source's user block; the family, which
#    cannot hold one, refuses it and takes the file without it.
set -u
BIN=$1
PLUGINS=$2
PYTHON=$3
WRITER=$4
WORK=$5

export HDF5_PLUGIN_PATH="$PLUGINS"
unset HDF5_VOL_CONNECTOR
rm -rf "$WORK"
mkdir -p "$WORK" || exit 1
cd "$WORK" || exit 1

"$PYTHON" "$WRITER" "$WORK"
status=$?
[ $status -eq 77 ] && exit 77
[ $status -ne 0 ] && { echo "writing the seed files failed"; exit 1; }

failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# compare NAME EXPECTED ACTUAL: identical output, or a failure with the diff
compare() {
    if diff -u "$2" "$3" > "$1.diff"; then
        echo "ok: $1"
    else
        fail "$1 differs:"
        head -40 "$1.diff"
    fi
}

CORE="connector=core;backing_store=1"
for file in seeds virtual; do
    "$BIN/h5dump" "$file.h5" > "$file.dump.plain" 2>&1 || fail "plain h5dump of $file.h5"
    "$BIN/h5ls" -r "$file.h5" > "$file.ls.plain" 2>&1 || fail "plain h5ls of $file.h5"
    connectors="connector=native"
    # the core connector's loader does not resolve virtual datasets yet
    [ "$file" = seeds ] && connectors="connector=native $CORE"
    for info in $connectors; do
        tag=$(echo "$info" | sed 's/[^A-Za-z0-9]/_/g')
        "$BIN/h5dump" --vol-name h5x --vol-info "$info" "$file.h5" > "$file.dump.$tag" 2>&1 ||
            fail "h5dump through h5x ($info) of $file.h5 exited non-zero"
        compare "h5dump $file.h5 ($info)" "$file.dump.plain" "$file.dump.$tag"
        "$BIN/h5ls" --vol-name=h5x "--vol-info=$info" -r "$file.h5" > "$file.ls.$tag" 2>&1 ||
            fail "h5ls through h5x ($info) of $file.h5 exited non-zero"
        compare "h5ls -r $file.h5 ($info)" "$file.ls.plain" "$file.ls.$tag"
    done
done

# references at the top of a type (object and region datasets, an
# attribute) dump as the plain tools dump them; those inside other types
# (dimension-scale attributes) h5x does not keep (docs/vol.md)
refs="-d /object_refs -d /region_refs -a /group_ref"
"$BIN/h5dump" $refs refs.h5 > refs.dump.plain 2>&1 || fail "plain h5dump of refs.h5"
for info in connector=native "$CORE"; do
    tag=$(echo "$info" | sed 's/[^A-Za-z0-9]/_/g')
    "$BIN/h5dump" --vol-name h5x --vol-info "$info" $refs refs.h5 > "refs.dump.$tag" 2>&1 ||
        fail "h5dump through h5x ($info) of the references in refs.h5 exited non-zero"
    compare "h5dump of references in refs.h5 ($info)" refs.dump.plain "refs.dump.$tag"
    # The dimension-scale attributes fail to print, many times over; the
    # messages h5x pushes for them once filled libhdf5's error stack and
    # kept its error class alive, so that libhdf5 could not shut down.
    "$BIN/h5dump" --vol-name h5x --vol-info "$info" -g /scales refs.h5 > "refs.scales.$tag" 2>&1
    if grep -q "infinite loop" "refs.scales.$tag"; then
        fail "h5dump through h5x ($info) of /scales in refs.h5 could not close libhdf5"
    else
        echo "ok: h5dump through h5x ($info) of /scales in refs.h5 closes libhdf5"
    fi
done

# a file that certainly differs must be reported as different
"$PYTHON" -c "
import h5py, numpy
with h5py.File('changed.h5', 'w') as f:
    f['x'] = numpy.arange(3)
with h5py.File('original.h5', 'w') as f:
    f['x'] = numpy.arange(1, 4)
"
if "$BIN/h5diff" --vol-name-2 h5x --vol-info-2 "$CORE" original.h5 changed.h5 > /dev/null 2>&1; then
    fail "h5diff through h5x found no difference between different files"
else
    echo "ok: h5diff through h5x reports a real difference"
fi
"$BIN/h5diff" --vol-name-2 h5x --vol-info-2 "$CORE" seeds.h5 seeds.h5 > h5diff.out 2>&1 ||
    { fail "h5diff native vs h5x over core:"; head -20 h5diff.out; }
[ -s h5diff.out ] || echo "ok: h5diff native vs h5x over core"

FAMILY="connector=family;member_size=8KiB"
# seeds.h5 has a user block, which h5repack copies and a family cannot
# hold (libhdf5's family driver cannot either): the family is refused.
# Without its user block (h5unjam) the same file repacks into a family.
if "$BIN/h5repack" --src-vol-name h5x --src-vol-info connector=native --dst-vol-name h5x \
    --dst-vol-info "$FAMILY" seeds.h5 'refused-%d.h5' > repack-refused.out 2>&1; then
    fail "h5repack wrote a user block into a family"
elif ls refused-*.h5 > /dev/null 2>&1 && [ -s refused-0.h5 ]; then
    fail "h5repack left a family behind after the user block was refused"
else
    echo "ok: h5repack into a family refuses the source's user block"
fi
"$BIN/h5unjam" -i seeds.h5 -o seeds-plain.h5 > unjam.out 2>&1 || { fail "h5unjam seeds.h5"; cat unjam.out; }
"$BIN/h5repack" --src-vol-name h5x --src-vol-info connector=native --dst-vol-name h5x --dst-vol-info "$FAMILY" \
    seeds-plain.h5 'family-%d.h5' > repack-family.out 2>&1 || { fail "h5repack into a family"; cat repack-family.out; }
members=$(ls family-*.h5 2>/dev/null | wc -l)
[ "$members" -ge 2 ] || fail "h5repack into a family made $members member files"
"$BIN/h5diff" --vol-name-2 h5x --vol-info-2 "$FAMILY" seeds.h5 'family-%d.h5' > diff-family.out 2>&1 &&
    echo "ok: h5repack into a family of $members members reads back identical" ||
    { fail "the repacked family differs"; head -20 diff-family.out; }

"$BIN/h5repack" --src-vol-name h5x --src-vol-info connector=native --dst-vol-name h5x --dst-vol-info "$CORE" \
    seeds.h5 core-copy.h5 > repack-core.out 2>&1 || { fail "h5repack into core"; cat repack-core.out; }
"$BIN/h5diff" seeds.h5 core-copy.h5 > diff-core.out 2>&1 &&
    "$BIN/h5diff" --vol-name-2 h5x --vol-info-2 "$CORE" seeds.h5 core-copy.h5 >> diff-core.out 2>&1 &&
    echo "ok: h5repack into core with a backing store reads back identical" ||
    { fail "the repacked core file differs"; head -20 diff-core.out; }
# the user block travels: h5repack reads its size from the source's
# creation list, as h5x reports it for a file opened again
want=$("$BIN/h5dump" -B -H seeds.h5 | grep USERBLOCK_SIZE)
got=$("$BIN/h5dump" -B -H core-copy.h5 | grep USERBLOCK_SIZE)
[ -n "$want" ] && [ "$want" = "$got" ] && echo "ok: h5repack into core keeps the user block ($want)" ||
    fail "the user block of the core copy is '$got', not '$want'"


echo "$failures failure(s)"
[ $failures -eq 0 ]
