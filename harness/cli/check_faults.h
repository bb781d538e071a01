/* SPDX-License-Identifier: MIT */
/*
 * `schemasync check --faults KIND ...` (check_faults.c): the fault campaigns, parsed and
 * printed apart from check_main.c, which hands over when the command line asks for them.
 */
#ifndef SS_CHECK_FAULTS_H
#define SS_CHECK_FAULTS_H

/* Does the command line ask for a fault campaign (--faults)? */
int check_faults_wanted(int argc, char **argv);
/* Run it; the exit status (0, 1: violations or a lost worker, 2: usage). */
int check_faults_main(int argc, char **argv);

#endif
