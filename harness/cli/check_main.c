/* SPDX-License-Identifier: MIT */
/*
 * schemasync-check: the executable behind `schemasync check` (the CLI runs it from beside
 * itself or from PATH).
 */
#include "ss_harness.h"

int main(int argc, char **argv)
{
	return ss_harness_check_main(argc, argv);
}
