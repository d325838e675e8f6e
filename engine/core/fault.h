/* fault.h: fault injection for the crash-safety tests (compiled in only with -DWT_FAULT_INJECTION). */
#ifndef WT_FAULT_H
#define WT_FAULT_H

/* The exit status of a process stopped by fault injection. */
#define WT_FAULT_EXIT 86

#ifdef WT_FAULT_INJECTION
/*
 * Stops the process at once (_exit: no cleanup, no flush, no unlock; the kernel drops the
 * flock and the SQLite file locks as it would after kill -9) when $WEEGTEAM_FAULT names this
 * point, as "name" (the first time it is reached) or "name:N" (the N-th time). The points are
 * listed in README "Crash safety". Test builds only: `make fault` builds one.
 */
void wt_fault_point(const char *name);
#define WT_FAULT(name) wt_fault_point(name)
#else
#define WT_FAULT(name) ((void)0)
#endif

#endif
