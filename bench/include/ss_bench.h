/* SPDX-License-Identifier: MIT */
/*
 * schemasync benchmarks: the entry point the CLI calls for `schemasync bench`. The bench
 * library times the planner hot path, inspection, materialization, whole syncs and the
 * no-change sync over generated schema pairs, and writes a terminal table, JSON and an SVG
 * plot; with --compare it is the release gate. See bench/README.md.
 */
#ifndef SS_BENCH_H
#define SS_BENCH_H

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Run `schemasync bench ...`; argv[0] is "bench". Prints to stdout/stderr (this is CLI
 * code, not the library). Returns 0 on success, 1 when a run failed or --compare found a
 * regression, 2 on a usage error.
 */
int ss_bench_main(int argc, char **argv);

#ifdef __cplusplus
}
#endif
#endif
