#!/bin/bash -eu
# SPDX-License-Identifier: MIT
#
# OSS-Fuzz / ClusterFuzzLite build script (the shape of google/oss-fuzz projects/sqlite3):
# compiles the engine, the harness and each fuzz/<target>_fuzzer.c with $CC $CFLAGS, links
# them with $LIB_FUZZING_ENGINE (libFuzzer, AFL++, honggfuzz or centipede, whatever the
# infrastructure chose) through $CXX, and puts into $OUT for each target the binary
# <target>_fuzzer, <target>_fuzzer_seed_corpus.zip (fuzz/corpora/<target>/ plus the
# regression inputs of fuzz/regressions/<target>/ but those of open bugs), <target>_fuzzer.dict and
# <target>_fuzzer.options.
#
# SQLite: when $SRC/sqlite3/sqlite3.c (the amalgamation) exists it is compiled in with the
# same flags, so the fuzzer sees SQLite's coverage too; otherwise the system library
# (pkg-config sqlite3) is linked. The harness needs cJSON (pkg-config libcjson); without
# it sync_fuzzer is skipped. Runs outside docker too, e.g.:
#   CC=clang CXX=clang++ CFLAGS="-fsanitize=address,fuzzer-no-link" \
#   LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=/tmp/out fuzz/oss-fuzz/build.sh

: "${CC:=clang}"
: "${CXX:=clang++}"
: "${CFLAGS:=-O1 -g -fsanitize=address,fuzzer-no-link}"
: "${CXXFLAGS:=$CFLAGS}"
: "${LIB_FUZZING_ENGINE:=-fsanitize=fuzzer}"
: "${OUT:=$PWD/out}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${WORK:-$(mktemp -d)}/schemasync-build"
rm -rf "$work"
mkdir -p "$work" "$OUT"

# The engine's internal headers (engine/src) are on the include path of the engine and of
# sql_fuzzer only: the harness (and its oracles) may use nothing but the public API.
cflags="$CFLAGS -std=c11 -D_POSIX_C_SOURCE=200809L -I$root/engine/include"
internal="-I$root/engine/src"

# ---- SQLite -------------------------------------------------------------------------------
sqlite_objs=()
sqlite_libs=()
if [ -f "${SRC:-/nonexistent}/sqlite3/sqlite3.c" ]; then
	$CC $CFLAGS -DSQLITE_MAX_LENGTH=128000000 -DSQLITE_MAX_SQL_LENGTH=128000000 \
		-DSQLITE_PRINTF_PRECISION_LIMIT=1048576 -DSQLITE_MAX_PAGE_COUNT=16384 \
		-DSQLITE_ENABLE_DESERIALIZE -DSQLITE_OMIT_LOAD_EXTENSION \
		-c "$SRC/sqlite3/sqlite3.c" -o "$work/sqlite3.o"
	sqlite_objs+=("$work/sqlite3.o")
	cflags="$cflags -I$SRC/sqlite3"
	sqlite_libs+=(-lpthread -lm)
else
	read -r -a sqlite_libs <<<"$(pkg-config --libs sqlite3 2>/dev/null || echo -lsqlite3)"
	sqlite_libs+=(-lm)
fi

# ---- the engine and the harness ----------------------------------------------------------
engine_objs=()
for src in "$root"/engine/src/*.c; do
	obj="$work/engine_$(basename "$src" .c).o"
	$CC $cflags $internal -c "$src" -o "$obj"
	engine_objs+=("$obj")
done

targets=(sql definitions)
harness_objs=()
harness_libs=()
if [ -f "$root/harness/include/ss_harness.h" ] && pkg-config --exists libcjson 2>/dev/null; then
	read -r -a cjson_cflags <<<"$(pkg-config --cflags libcjson)"
	read -r -a harness_libs <<<"$(pkg-config --libs libcjson)"
	for src in "$root"/harness/src/*.c; do
		obj="$work/harness_$(basename "$src" .c).o"
		$CC $cflags "${cjson_cflags[@]}" -I"$root/harness/include" -I"$root/harness/src" \
			-c "$src" -o "$obj"
		harness_objs+=("$obj")
	done
	targets+=(sync)
else
	echo "build.sh: no harness or no cJSON: sync_fuzzer skipped" >&2
fi

# ---- the fuzzers --------------------------------------------------------------------------
for t in "${targets[@]}"; do
	extra_objs=()
	extra_libs=()
	inc=()
	if [ "$t" = sql ]; then
		inc=("$internal")
	fi
	if [ "$t" = sync ]; then
		extra_objs=("${harness_objs[@]}")
		extra_libs=("${harness_libs[@]}")
		inc=(-I"$root/harness/include")
	fi
	$CC $cflags "${inc[@]}" -c "$root/fuzz/${t}_fuzzer.c" -o "$work/${t}_fuzzer.o"
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
