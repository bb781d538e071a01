/* SPDX-License-Identifier: MIT */
/*
 * What the fuzz targets share: the list of engine bugs a campaign may look past.
 */
#ifndef SS_FUZZ_COMMON_H
#define SS_FUZZ_COMMON_H

#include <string.h>

/*
 * An open engine bug (fuzz/regressions/known-failing.txt) is still checked, unless the
 * campaign asked to look past it with SS_FUZZ_SKIP_KNOWN=<id>[,<id>...] or =all (skip is
 * that variable's value), so that a long run finds new bugs instead of the same one again.
 */
static inline int fuzz_skip_known(const char *skip, const char *id)
{
	if (skip == NULL)
		return 0;
	if (strcmp(skip, "all") == 0)
		return 1;
	size_t n = strlen(id);
	for (const char *p = skip; (p = strstr(p, id)) != NULL; p += n)
		if ((p == skip || p[-1] == ',') && (p[n] == 0 || p[n] == ','))
			return 1;
	return 0;
}

#endif
