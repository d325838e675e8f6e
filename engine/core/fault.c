/* fault.c: stopping the process at a named point, for the fault-injection test build only. */
#include "fault.h"

#ifdef WT_FAULT_INJECTION
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void wt_fault_point(const char *name)
{
	static long hits;
	const char *want = getenv("WEEGTEAM_FAULT");
	size_t n = strlen(name);
	long nth = 1;

	if (want == NULL || strncmp(want, name, n) != 0 || (want[n] != '\0' && want[n] != ':'))
		return;
	if (want[n] == ':')
		nth = strtol(want + n + 1, NULL, 10);
	if (++hits < nth)
		return;
	fprintf(stderr, "weegteam: foutinjectie: gestopt bij '%s'\n", name);
	_exit(WT_FAULT_EXIT);
}
#else
/* ISO C wants at least one declaration in a translation unit. */
typedef int wt_fault_unused;
#endif
