/* SPDX-License-Identifier: MIT */
/*
 * schemasync-replay: the executable behind `schemasync replay` (the CLI runs it from beside
 * itself or from PATH).
 */
#include "ss_harness.h"

int main(int argc, char **argv)
{
	return ss_harness_replay_main(argc, argv);
}
