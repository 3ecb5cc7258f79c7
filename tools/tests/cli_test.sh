#!/bin/sh
# Tests of the h5x command-line tool: runs the binary on files written by
# make_files.py and checks its output text, its messages and its exit
# status.  One case per CTest test:
#
#     cli_test.sh CASE
#
# with the environment
#     H5X          the h5x binary
#     DATA         the directory make_files.py wrote
#     WORK         a scratch directory (each case uses WORK/CASE)
#     HDF5_BINDIR  the bin directory of the HDF5 the build used
set -u

case_name=$1
dir="$WORK/$case_name"
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir" || exit 1
cp "$DATA/sample.h5" "$DATA/ext.h5" "$DATA/stream.h5" .

failures=0

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# run CMD...: runs it, keeping stdout in $dir/out, stderr in $dir/err and
# the exit status in $status.
run() {
    last_command="$*"
    "$@" >"$dir/out" 2>"$dir/err"
    status=$?
}

expect_status() {
    if [ "$status" -ne "$1" ]; then
        fail "'$last_command' exited with $status, expected $1"
        sed 's/^/    stderr: /' "$dir/err"
    fi
}

# expect_stdout: stdout must be exactly the text on stdin
expect_stdout() {
    cat >"$dir/expected"
    if ! diff -u "$dir/expected" "$dir/out" >"$dir/diff"; then
        fail "'$last_command' printed something else:"
        cat "$dir/diff"
    fi
}

expect_stdout_has() {
    if ! grep -qF -- "$1" "$dir/out"; then
        fail "stdout of '$last_command' lacks '$1'"
        sed 's/^/    stdout: /' "$dir/out" | head -20
    fi
}

expect_stdout_lacks() {
    if grep -qF -- "$1" "$dir/out"; then
        fail "stdout of '$last_command' has '$1'"
    fi
}

expect_stderr_has() {
    if ! grep -qF -- "$1" "$dir/err"; then
        fail "stderr of '$last_command' lacks '$1'"
        sed 's/^/    stderr: /' "$dir/err"
    fi
}

expect_stderr_empty() {
    if [ -s "$dir/err" ]; then
        fail "'$last_command' wrote to stderr:"
        sed 's/^/    stderr: /' "$dir/err"
    fi
}

# ------------------------------------------------------------------ cases

case_usage() {
    run "$H5X"
    expect_status 2
    expect_stderr_has "usage: h5x <command>"

    run "$H5X" --help
    expect_status 0
    expect_stdout_has "Commands:"
    for command in info env ls tree dump cp; do
        expect_stdout_has "  $command "
    done

    run "$H5X" --version
    expect_status 0
    grep -qE '^h5x [0-9]+\.[0-9]+\.[0-9]+$' "$dir/out" || fail "--version printed '$(cat "$dir/out")'"

    run "$H5X" help ls
    expect_status 0
    expect_stdout_has "usage: h5x ls [-r] FILE[/path]..."

    run "$H5X" dump --help
    expect_status 0
    expect_stdout_has "usage: h5x dump"

    run "$H5X" help frobnicate
    expect_status 2
    expect_stderr_has "unknown command 'frobnicate'"

    run "$H5X" frobnicate
    expect_status 2
    expect_stderr_has "h5x: unknown command 'frobnicate'"

    run "$H5X" ls
    expect_status 2
    expect_stderr_has "h5x ls: missing FILE operand"
    expect_stderr_has "usage: h5x ls"

    run "$H5X" ls -z sample.h5
    expect_status 2
    expect_stderr_has "h5x ls: unknown option '-z'"

    run "$H5X" ls --long sample.h5
    expect_status 2
    expect_stderr_has "unknown option '--long'"

    run "$H5X" tree sample.h5 ext.h5
    expect_status 2
    expect_stderr_has "h5x tree: too many operands"

    run "$H5X" cp sample.h5
    expect_status 2
    expect_stderr_has "h5x cp: missing operand"

    run "$H5X" info extra
    expect_status 2
    expect_stderr_has "h5x info: unexpected argument 'extra'"
}

case_ls() {
    run "$H5X" ls sample.h5
    expect_status 0
    expect_stderr_empty
    expect_stdout <<'EOF'
cplx                     Dataset {2}
dangling                 Soft Link {/nowhere}
data                     Dataset {4, 3, 2}
empty                    Dataset {NULL}
ext                      External Link {ext.h5//data}
flags                    Dataset {3}
grp                      Group
resizable                Dataset {10/Inf, 20}
scalar                   Dataset {SCALAR}
soft                     Soft Link {/grp/sub}
EOF

    run "$H5X" ls -r sample.h5
    expect_status 0
    expect_stdout <<'EOF'
/                        Group
/cplx                    Dataset {2}
/dangling                Soft Link {/nowhere}
/data                    Dataset {4, 3, 2}
/empty                   Dataset {NULL}
/ext                     External Link {ext.h5//data}
/flags                   Dataset {3}
/grp                     Group
/grp/sub                 Group
/grp/sub/up              Group, same as /grp
/grp/sub/x               Dataset {10}
/resizable               Dataset {10/Inf, 20}
/scalar                  Dataset {SCALAR}
/soft                    Soft Link {/grp/sub}
EOF

    # the same object, named four ways
    for argument in sample.h5/grp/sub native:sample.h5/grp/sub sample.h5::/grp/sub "sample.h5::grp/sub/"; do
        run "$H5X" ls "$argument"
        expect_status 0
        expect_stdout <<'EOF'
up                       Group
x                        Dataset {10}
EOF
    done

    run "$H5X" ls "$dir/sample.h5/resizable"
    expect_status 0
    expect_stdout <<'EOF'
resizable                Dataset {10/Inf, 20}
EOF

    run "$H5X" ls -r sample.h5/grp
    expect_status 0
    expect_stdout <<'EOF'
/grp                     Group
/grp/sub                 Group
/grp/sub/up              Group, same as /grp
/grp/sub/x               Dataset {10}
EOF

    run "$H5X" ls sample.h5/grp ext.h5
    expect_status 0
    expect_stdout <<'EOF'
sample.h5/grp:
sub                      Group

ext.h5:
data                     Dataset {3}
EOF
}

case_ls_errors() {
    run "$H5X" ls sample.h5/grp/nope
    expect_status 1
    expect_stderr_has "h5x ls: sample.h5"
    expect_stderr_has "/grp/nope"

    run "$H5X" ls missing.h5
    expect_status 1
    expect_stderr_has "h5x ls: "
    expect_stderr_has "missing.h5"

    run "$H5X" ls missing.h5/grp/x
    expect_status 1
    expect_stderr_has "missing.h5"

    mkdir -p subdir
    run "$H5X" ls subdir
    expect_status 1
    expect_stderr_has "h5x ls: 'subdir' is a directory, not a file"

    run "$H5X" ls bogus:sample.h5
    expect_status 1
    expect_stderr_has "bogus"

    # one bad operand fails the command but not the others
    run "$H5X" ls ext.h5 missing.h5
    expect_status 1
    expect_stdout_has "data                     Dataset {3}"
    expect_stderr_has "missing.h5"
}

case_tree() {
    run "$H5X" tree sample.h5
    expect_status 0
    expect_stderr_empty
    expect_stdout <<'EOF'
sample.h5  [2 attrs]
├── cplx  (2,) <c8
├── dangling -> /nowhere
├── data  (4, 3, 2) <f4
├── empty  Empty <f4
├── ext -> ext.h5::/data
├── flags  (3,) |b1
├── grp  [1 attr]
│   └── sub
│       ├── up  [1 attr]  (same as /grp)
│       └── x  (10,) <i8
├── resizable  (10, 20) <i4  [1 attr]
├── scalar  () <f8
└── soft -> /grp/sub
EOF

    run "$H5X" tree sample.h5/resizable
    expect_status 0
    expect_stdout <<'EOF'
sample.h5/resizable  (10, 20) <i4  [1 attr]
EOF

    run "$H5X" tree sample.h5/nope
    expect_status 1
    expect_stderr_has "/nope"
}

case_dump() {
    run "$H5X" dump sample.h5/resizable
    expect_status 0
    expect_stderr_empty
    expect_stdout <<'EOF'
FILE "sample.h5" {
DATASET "/resizable" {
   DTYPE <i4
   SHAPE (10, 20)
   MAXSHAPE (Inf, 20)
   CHUNKS (5, 20)
   FILTERS gzip:4
   FILLVALUE -1
   ATTRIBUTE "units" {
      DTYPE >i2
      SHAPE (3,)
      DATA {
      (0): 1, 2, 3
      }
   }
   DATA {
   (0,0): 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5,
   (1,0): 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5,
   (2,0): -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
   (2,17): -1, -1, -1,
   (3,0): -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
   (3,17): -1, -1, -1,
   (4,0): -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
   (4,17): -1, -1, -1,
   (5,0): -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
   (5,17): -1, -1, -1,
   (6,0): -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
   (6,17): -1, -1, -1,
   (7,0): -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
   (7,17): -1, -1, -1,
   (8,0): -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
   (8,17): -1, -1, -1,
   (9,0): -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
   (9,17): -1, -1, -1
   }
}
}
EOF

    run "$H5X" dump sample.h5/grp
    expect_status 0
    expect_stdout <<'EOF'
FILE "sample.h5" {
GROUP "/grp" {
   ATTRIBUTE "n" {
      DTYPE <u2
      SHAPE ()
      DATA {
      (0): 3
      }
   }
   GROUP "sub" {
      GROUP "up" {
         HARDLINK "/grp"
      }
      DATASET "x" {
         DTYPE <i8
         SHAPE (10,)
         DATA {
         (0): 0, 1, 2, 3, 4, 5, 6, 7, 8, 9
         }
      }
   }
}
}
EOF

    run "$H5X" dump sample.h5
    expect_status 0
    expect_stderr_empty
    # full precision: 17 digits for f8, 9 for f4
    expect_stdout_has "      (0): 0.10000000000000001"
    expect_stdout_has "      (0,0,0): 0, 0.333333343,"
    expect_stdout_has "      (3,2,0): 7.33333349, 7.66666651"
    expect_stdout_has "      (0): 0.5, 1.25"
    expect_stdout_has "      (0): TRUE, FALSE, TRUE"
    expect_stdout_has "      (0): 1+2j, 3-0.5j"
    expect_stdout_has '   SOFTLINK "dangling" {'
    expect_stdout_has '      LINKTARGET "/nowhere"'
    expect_stdout_has '   EXTERNAL_LINK "ext" {'
    expect_stdout_has '      TARGETFILE "ext.h5"'
    expect_stdout_has "      SHAPE Empty"

    run "$H5X" dump -H sample.h5
    expect_status 0
    expect_stdout_has '   DATASET "resizable" {'
    expect_stdout_has "      FILLVALUE -1"
    expect_stdout_lacks "DATA {"

    run "$H5X" dump sample.h5/grp/nope
    expect_status 1
    expect_stderr_has "h5x dump: sample.h5"
    expect_stderr_has "/grp/nope"
}

# Every value of a dataset larger than one slab comes out once, in order,
# and every line's index is the index of its first value.
check_streamed() { # NAME ROW_LENGTH COUNT
    run "$H5X" dump "stream.h5/$1"
    expect_status 0
    awk -v row="$2" -v count="$3" '
        /^   \(/ {
            line = $0
            sub(/^   \(/, "", line)
            index_text = substr(line, 1, index(line, ")") - 1)
            split(index_text, ij, ",")
            sub(/^[^:]*: /, "", line)
            n = split(line, values, ",")
            for (k = 1; k <= n; k++) {
                v = values[k]
                gsub(/ /, "", v)
                if (v == "")
                    continue
                if (k == 1 && ij[1] * row + ij[2] != v) {
                    print "index (" index_text ") starts a line with " v
                    bad = 1
                }
                if (v != seen) {
                    print "value " v " where " seen " was due"
                    bad = 1
                    exit 1
                }
                seen++
            }
        }
        END {
            if (seen != count) { print "saw " seen " values, expected " count; bad = 1 }
            exit bad
        }' "$dir/out" || fail "dump of stream.h5/$1 is not the complete sequence"
}

case_dump_stream() {
    check_streamed counts 1000 300000
    check_streamed wide 200000 600000
}

case_cp_file() {
    run "$H5X" cp sample.h5 whole.h5
    expect_status 1
    expect_stderr_has "h5x cp: sample.h5: /: is a group (use -r to copy it)"

    run "$H5X" cp -r sample.h5 whole.h5
    expect_status 0
    expect_stderr_empty  # not a terminal: no progress bar

    "$H5X" dump sample.h5 | tail -n +2 >source.txt
    "$H5X" dump whole.h5 | tail -n +2 >copy.txt
    diff -u source.txt copy.txt >/dev/null || fail "the copy of sample.h5 dumps differently"

    run "$H5X" ls -r whole.h5
    expect_stdout_has "/grp/sub/up              Group, same as /grp"
    expect_stdout_has "/soft                    Soft Link {/grp/sub}"
    expect_stdout_has "/ext                     External Link {ext.h5//data}"

    if [ -x "$HDF5_BINDIR/h5diff" ]; then
        run "$HDF5_BINDIR/h5diff" sample.h5 whole.h5 /resizable /resizable
        expect_status 0
    fi

    # a destination with one member in the way: refused, nothing written
    run "$H5X" cp sample.h5/scalar partial.h5/scalar
    expect_status 0
    run "$H5X" cp -r sample.h5 partial.h5
    expect_status 1
    expect_stderr_has "h5x cp: partial.h5: /scalar: exists (use -f to replace it)"
    expect_stderr_has "nothing copied"
    run "$H5X" ls partial.h5
    expect_stdout <<'EOF'
scalar                   Dataset {SCALAR}
EOF

    run "$H5X" cp -rf sample.h5 partial.h5
    expect_status 0
    "$H5X" dump partial.h5 | tail -n +2 >partial.txt
    diff -u source.txt partial.txt >/dev/null || fail "the forced copy of sample.h5 dumps differently"

    # the root into a new group
    run "$H5X" cp -r ext.h5 partial.h5/imported
    expect_status 0
    run "$H5X" ls -r partial.h5/imported
    expect_stdout <<'EOF'
/imported                Group
/imported/data           Dataset {3}
EOF
}

case_cp_objects() {
    # a dataset to a new path: parents created, properties kept
    run "$H5X" cp sample.h5/resizable out.h5/a/b/r
    expect_status 0
    run "$H5X" dump -H out.h5/a/b/r
    expect_stdout <<'EOF'
FILE "out.h5" {
DATASET "/a/b/r" {
   DTYPE <i4
   SHAPE (10, 20)
   MAXSHAPE (Inf, 20)
   CHUNKS (5, 20)
   FILTERS gzip:4
   FILLVALUE -1
   ATTRIBUTE "units" {
      DTYPE >i2
      SHAPE (3,)
   }
}
}
EOF

    # into an existing group, under its own name
    run "$H5X" cp sample.h5/data out.h5/a
    expect_status 0
    run "$H5X" ls out.h5/a
    expect_stdout <<'EOF'
b                        Group
data                     Dataset {4, 3, 2}
EOF

    run "$H5X" cp sample.h5/data out.h5/a
    expect_status 1
    expect_stderr_has "h5x cp: out.h5: /a/data: exists (use -f to replace it)"

    run "$H5X" cp -f sample.h5/scalar out.h5/a/data
    expect_status 0
    run "$H5X" ls out.h5/a/data
    expect_stdout <<'EOF'
data                     Dataset {SCALAR}
EOF

    run "$H5X" cp sample.h5/grp out.h5/g
    expect_status 1
    expect_stderr_has "h5x cp: sample.h5: /grp: is a group (use -r to copy it)"

    run "$H5X" cp -r sample.h5/grp out.h5/g
    expect_status 0
    run "$H5X" ls -r out.h5/g
    expect_stdout <<'EOF'
/g                       Group
/g/sub                   Group
/g/sub/up                Group, same as /g
/g/sub/x                 Dataset {10}
EOF

    # within one file
    run "$H5X" cp out.h5/g/sub/x out.h5/x2
    expect_status 0
    run "$H5X" dump out.h5/x2
    expect_stdout_has "(0): 0, 1, 2, 3, 4, 5, 6, 7, 8, 9"

    run "$H5X" cp -r out.h5/a out.h5/a/b
    expect_status 1
    expect_stderr_has "cannot copy /a into itself"

    run "$H5X" cp out.h5/x2 out.h5/x2
    expect_status 1
    expect_stderr_has "source and destination are the same object"

    run "$H5X" cp sample.h5/nope out.h5/n
    expect_status 1
    expect_stderr_has "/nope"

    run "$H5X" cp missing.h5/x out.h5/n
    expect_status 1
    expect_stderr_has "missing.h5"
}

case_env() {
    run "$H5X" env
    expect_status 0
    expect_stdout_has "export HDF5_PLUGIN_PATH='"
    expect_stdout_has "export PATH='$HDF5_BINDIR'"

    eval "$(cat "$dir/out")"
    [ "$(command -v h5dump)" = "$HDF5_BINDIR/h5dump" ] || fail "h5dump after eval is '$(command -v h5dump)'"
    run h5dump -H sample.h5
    expect_status 0
    run "$H5X" info
    native=$(sed -n 's|^ *path: \(.*\)/libh5x_native\.so$|\1|p' "$dir/out" | head -n 1)
    case ":$HDF5_PLUGIN_PATH:" in
    *":$native:"*) ;;
    *) fail "HDF5_PLUGIN_PATH '$HDF5_PLUGIN_PATH' lacks the plugin directory '$native'" ;;
    esac

    # another HDF5, at a path that needs quoting, whose programs have no RPATH
    prefix="$dir/it's hdf5"
    mkdir -p "$prefix/bin" "$prefix/lib"
    cp "$(command -v true)" "$prefix/bin/h5dump"
    run env H5X_HDF5_DIR="$prefix" "$H5X" env
    expect_status 0
    expect_stdout_has "export LD_LIBRARY_PATH="
    (
        eval "$(cat "$dir/out")"
        [ "${PATH%%:*}" = "$prefix/bin" ] || { echo "PATH starts with '${PATH%%:*}'"; exit 1; }
        [ "${LD_LIBRARY_PATH%%:*}" = "$prefix/lib" ] || { echo "LD_LIBRARY_PATH is '$LD_LIBRARY_PATH'"; exit 1; }
    ) || fail "the exports for '$prefix' do not evaluate to it"

    run env H5X_HDF5_DIR="$dir/nowhere" "$H5X" env
    expect_status 1
    expect_stderr_has "h5x env: HDF5 bin directory '$dir/nowhere/bin' not found"
}

case_info() {
    run "$H5X" info
    expect_status 0
    expect_stderr_empty
    expect_stdout_has "plugin search path:"
    expect_stdout_has "connectors ("
    expect_stdout_has "  native "
    expect_stdout_has "/libh5x_native.so"
    expect_stdout_has "    capabilities: write persistent"
    expect_stdout_has "filters ("
    grep -qE '^  gzip [0-9.]+ \(id 1\)$' "$dir/out" || fail "info does not list gzip as filter id 1"
    run env H5X_FILTER_THREADS=3 "$H5X" info
    expect_status 0
    expect_stdout_has "chunks filtered on 3 threads:"
    run env H5X_FILTER_THREADS=1 "$H5X" info
    expect_stdout_has "chunks filtered on 1 thread:"
}

"case_$case_name"
if [ "$failures" -gt 0 ]; then
    echo "$case_name: $failures failure(s)"
    exit 1
fi
echo "$case_name: ok"
