#!/bin/bash -eu
# SPDX-License-Identifier: MIT
#
# OSS-Fuzz / ClusterFuzzLite build script (the shape of google/oss-fuzz projects/sqlite3):
# compiles the engine, the harness and each fuzz/<target>_fuzzer.c with $CC $CFLAGS, links
# them with $LIB_FUZZING_ENGINE (libFuzzer, AFL++, honggfuzz or centipede, whatever the
# infrastructure chose) through $CXX, and puts into $OUT for each target the binary
# <target>_fuzzer, <target>_fuzzer_seed_corpus.zip (fuzz/corpora/<target>/ plus the
# regression inputs of fuzz/regressions/<target>/ but those of open bugs),
# <target>_fuzzer.dict and <target>_fuzzer.options.
#
# The binaries are self-contained: the runner image has no SQLite and no cJSON, so
#  - SQLite: $SRC/sqlite3/sqlite3.c (the amalgamation, as .clusterfuzzlite/Dockerfile
#    fetches it) is compiled in with the same flags, so the fuzzer sees SQLite's coverage
#    too; without it the static libsqlite3.a of the system (Debian's libsqlite3-dev) is
#    linked; never the shared library;
#  - cJSON (the harness, sync_fuzzer): $SRC/cjson/cJSON.c compiled in, else a static
#    libcjson.a, else (Debian ships no libcjson.a) the shared library with a warning;
#    without cJSON at all sync_fuzzer is skipped.
# SS_BUILD_JOBS (default 2) compiles that many files at once. Runs outside docker too (the
# ctest fuzz.oss_fuzz_build does, through fuzz/oss-fuzz/test-build.sh), e.g.:
#   CC=clang CXX=clang++ CFLAGS="-O1 -fsanitize=address,fuzzer-no-link" \
#   LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=/tmp/out WORK=/tmp/work fuzz/oss-fuzz/build.sh

: "${CC:=clang}"
: "${CXX:=clang++}"
: "${CFLAGS:=-O1 -g -fsanitize=address,fuzzer-no-link}"
: "${CXXFLAGS:=$CFLAGS}"
: "${LIB_FUZZING_ENGINE:=-fsanitize=fuzzer}"
: "${OUT:=$PWD/out}"
: "${SRC:=/nonexistent}"
: "${SS_BUILD_JOBS:=2}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${WORK:-$(mktemp -d)}/schemasync-build"
rm -rf "$work"
mkdir -p "$work/include/cjson" "$OUT"

# The engine's internal headers (engine/src) are on the include path of the engine and of
# sql_fuzzer only: the harness (and its oracles) may use nothing but the public API.
cflags="$CFLAGS -std=c11 -D_POSIX_C_SOURCE=200809L -I$root/engine/include"
internal="-I$root/engine/src"

# compile SRC OBJ FLAGS...: in the background, at most SS_BUILD_JOBS at a time.
pids=()
compile() {
	local src="$1" obj="$2"
	shift 2
	while [ "$(jobs -rp | wc -l)" -ge "$SS_BUILD_JOBS" ]; do
		sleep 0.05
	done
	# shellcheck disable=SC2086 # $CC and the flags are word lists by contract
	$CC "$@" -c "$src" -o "$obj" &
	pids+=($!)
}
# wait for every compile; fail when one failed.
compiled() {
	local pid rc=0
	for pid in "${pids[@]}"; do
		wait "$pid" || rc=1
	done
	pids=()
	[ "$rc" -eq 0 ] || { echo "build.sh: a compile failed" >&2; exit 1; }
}

# ---- SQLite: always static ----------------------------------------------------------------
sqlite_objs=()
sqlite_libs=(-lpthread -lm -ldl)
if [ -f "$SRC/sqlite3/sqlite3.c" ]; then
	# shellcheck disable=SC2086
	compile "$SRC/sqlite3/sqlite3.c" "$work/sqlite3.o" $CFLAGS \
		-DSQLITE_MAX_LENGTH=128000000 -DSQLITE_MAX_SQL_LENGTH=128000000 \
		-DSQLITE_PRINTF_PRECISION_LIMIT=1048576 -DSQLITE_MAX_PAGE_COUNT=16384 \
		-DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_RTREE -DSQLITE_OMIT_LOAD_EXTENSION
	sqlite_objs+=("$work/sqlite3.o")
	cflags="$cflags -I$SRC/sqlite3"
	echo "build.sh: SQLite from $SRC/sqlite3/sqlite3.c"
else
	static="$($CC -print-file-name=libsqlite3.a)"
	if [ ! -f "$static" ]; then
		echo "build.sh: neither \$SRC/sqlite3/sqlite3.c nor libsqlite3.a (libsqlite3-dev)" >&2
		exit 1
	fi
	sqlite_objs+=("$static")
	echo "build.sh: SQLite from $static"
fi

# ---- cJSON (the harness) ------------------------------------------------------------------
cjson_objs=()
cjson_libs=()
have_cjson=1
if [ -f "$SRC/cjson/cJSON.c" ]; then
	cp "$SRC/cjson/cJSON.h" "$work/include/cjson/cJSON.h"
	# shellcheck disable=SC2086
	compile "$SRC/cjson/cJSON.c" "$work/cJSON.o" $CFLAGS -I"$SRC/cjson"
	cjson_objs+=("$work/cJSON.o")
	echo "build.sh: cJSON from $SRC/cjson/cJSON.c"
elif [ -f "$($CC -print-file-name=libcjson.a)" ] && [ "$($CC -print-file-name=libcjson.a)" != libcjson.a ]; then
	cjson_objs+=("$($CC -print-file-name=libcjson.a)")
elif pkg-config --exists libcjson 2>/dev/null; then
	read -r -a cjson_libs <<<"$(pkg-config --libs libcjson)"
	echo "build.sh: warning: no cJSON source or libcjson.a: sync_fuzzer links the shared" \
		"libcjson (put cJSON's source in \$SRC/cjson for a self-contained binary)" >&2
else
	have_cjson=0
fi

# ---- the engine and the harness ----------------------------------------------------------
engine_objs=()
for src in "$root"/engine/src/*.c; do
	obj="$work/engine_$(basename "$src" .c).o"
	# shellcheck disable=SC2086
	compile "$src" "$obj" $cflags $internal
	engine_objs+=("$obj")
done

targets=(sql definitions)
harness_objs=()
if [ -f "$root/harness/include/ss_harness.h" ] && [ "$have_cjson" -eq 1 ]; then
	for src in "$root"/harness/src/*.c; do
		obj="$work/harness_$(basename "$src" .c).o"
		# shellcheck disable=SC2086
		compile "$src" "$obj" $cflags -I"$work/include" -I"$root/harness/include" \
			-I"$root/harness/src"
		harness_objs+=("$obj")
	done
	targets+=(sync)
else
	echo "build.sh: no harness or no cJSON: sync_fuzzer skipped" >&2
fi

for t in "${targets[@]}"; do
	inc=()
	[ "$t" = sql ] && inc=("$internal")
	[ "$t" = sync ] && inc=(-I"$root/harness/include")
	# shellcheck disable=SC2086
	compile "$root/fuzz/${t}_fuzzer.c" "$work/${t}_fuzzer.o" $cflags "${inc[@]}"
done
compiled

# ---- the fuzzers --------------------------------------------------------------------------
for t in "${targets[@]}"; do
	extra_objs=()
	extra_libs=()
	if [ "$t" = sync ]; then
		extra_objs=("${harness_objs[@]}" "${cjson_objs[@]}")
		extra_libs=("${cjson_libs[@]}")
	fi
	# shellcheck disable=SC2086
	$CXX $CXXFLAGS "$work/${t}_fuzzer.o" "${extra_objs[@]}" "${engine_objs[@]}" \
		"${sqlite_objs[@]}" $LIB_FUZZING_ENGINE "${extra_libs[@]}" "${sqlite_libs[@]}" \
		-o "$OUT/${t}_fuzzer"

	zip_file="$OUT/${t}_fuzzer_seed_corpus.zip"
	rm -f "$zip_file"
	seeds=("$root/fuzz/corpora/$t"/*)
	[ -d "$root/fuzz/regressions/$t" ] && seeds+=("$root/fuzz/regressions/$t"/*)
	existing=()
	for f in "${seeds[@]}"; do
		# Inputs of open bugs (known-failing.txt) would only be reported again.
		if [ -f "$f" ] && ! grep -q "^$t/$(basename "$f")[[:space:]]" \
			"$root/fuzz/regressions/known-failing.txt" 2>/dev/null; then
			existing+=("$f")
		fi
	done
	zip -q -j "$zip_file" "${existing[@]}"
	cp "$root/fuzz/$t.dict" "$OUT/${t}_fuzzer.dict"
	cp "$root/fuzz/$t.options" "$OUT/${t}_fuzzer.options"
	echo "build.sh: $OUT/${t}_fuzzer (+ seed corpus of ${#existing[@]} files, dict, options)"
done
