#!/bin/bash -eu
# SPDX-License-Identifier: MIT
#
# ClusterFuzzLite's entry point ($SRC/build.sh in the image, .clusterfuzzlite/Dockerfile):
# the project's own OSS-Fuzz script does the work, so the same script is tested locally
# (ctest fuzz.oss_fuzz_build, fuzz/oss-fuzz/test-build.sh) and runs in the infrastructure.
exec "$SRC/schemasync/fuzz/oss-fuzz/build.sh"
