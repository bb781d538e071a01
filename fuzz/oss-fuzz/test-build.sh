#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# The local test of the OSS-Fuzz / ClusterFuzzLite build (ctest fuzz.oss_fuzz_build): Docker
# is not needed. It runs fuzz/oss-fuzz/build.sh the way the infrastructure does, with $CC
# $CXX $CFLAGS $CXXFLAGS $LIB_FUZZING_ENGINE $OUT $SRC $WORK set to local values, then for
# every binary in $OUT:
#  - ldd shows no libsqlite3 and no library of this project (self-contained: the runner
#    image has neither);
#  - the binary runs its <target>_fuzzer_seed_corpus.zip, unpacked, with -runs=0 (every seed
#    once, as the infrastructure's bad-build check does), with its .options' timeout, and
#    exits 0.
# Usage: test-build.sh WORKDIR. Skips (exit 77) with a message when clang or libFuzzer is
# missing (ci/setup installs both). TEST_CFLAGS overrides the flags (default: libFuzzer
# coverage without sanitizers, so the test stays near a minute on two cores; the fuzz
# preset and ClusterFuzzLite cover the sanitizer builds).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="$(realpath -m "${1:?usage: test-build.sh WORKDIR}")"

for tool in clang clang++ zip unzip; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "test-build.sh: SKIP: $tool is not installed (ci/setup installs it)"
		exit 77
	fi
done
probe="$(mktemp -d)"
trap 'rm -rf "$probe"' EXIT
printf '#include <stdint.h>\n#include <stddef.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' \
	>"$probe/p.c"
if ! clang -fsanitize=fuzzer "$probe/p.c" -o "$probe/p" >/dev/null 2>&1; then
	echo "test-build.sh: SKIP: clang cannot link -fsanitize=fuzzer (install libclang-rt-dev)"
	exit 77
fi

rm -rf "$dir"
mkdir -p "$dir/out" "$dir/work" "$dir/src"
export CC=clang CXX=clang++
export CFLAGS="${TEST_CFLAGS:--O1 -gline-tables-only -fsanitize=fuzzer-no-link}"
export CXXFLAGS="$CFLAGS"
export LIB_FUZZING_ENGINE=-fsanitize=fuzzer
export OUT="$dir/out" WORK="$dir/work" SRC="$dir/src"
start=$SECONDS
bash "$root/fuzz/oss-fuzz/build.sh"
echo "test-build.sh: build.sh took $((SECONDS - start)) s"

status=0
n=0
for bin in "$OUT"/*_fuzzer; do
	[ -x "$bin" ] || continue
	n=$((n + 1))
	name="$(basename "$bin")"
	libs="$(ldd "$bin" 2>&1 || true)"
	if grep -Eq 'libsqlite3|libschemasync|ss_harness|not found' <<<"$libs"; then
		echo "test-build.sh: FAIL: $name is not self-contained:"
		grep -E 'libsqlite3|libschemasync|ss_harness|not found' <<<"$libs" | sed 's/^/  /'
		status=1
	fi
	seeds="$dir/seeds/$name"
	mkdir -p "$seeds"
	unzip -q -o "$OUT/${name}_seed_corpus.zip" -d "$seeds"
	count="$(find "$seeds" -type f | wc -l)"
	timeout="$(awk -F'=' '$1 ~ /^[ \t]*timeout[ \t]*$/ { gsub(/[ \t]/, "", $2); print $2 }' \
		"$OUT/$name.options")"
	if "$bin" -runs=0 -timeout="${timeout:-30}" -dict="$OUT/$name.dict" "$seeds" \
		>"$dir/$name.log" 2>&1; then
		echo "test-build.sh: ok: $name ran its $count seeds ($(grep -c '' <<<"$libs") libraries, none of SQLite or the project)"
	else
		echo "test-build.sh: FAIL: $name over its $count seeds (log $dir/$name.log):"
		tail -n 20 "$dir/$name.log" | sed 's/^/  /'
		status=1
	fi
done
if [ "$n" -eq 0 ]; then
	echo "test-build.sh: FAIL: build.sh produced no fuzzer in $OUT"
	exit 1
fi
echo "test-build.sh: $n fuzzers, $((SECONDS - start)) s, $([ "$status" -eq 0 ] && echo passed || echo FAILED)"
exit "$status"
