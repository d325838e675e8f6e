/* finding.c: the growable list of findings. */
#include "finding.h"

#include "buf.h"
#include "error.h"

#include <stdlib.h>
#include <string.h>

void wt_findings_init(wt_findings *f)
{
	memset(f, 0, sizeof(*f));
}

static void finding_release(wt_finding *x)
{
	free(x->code);
	free(x->criterion);
	free(x->field);
	free(x->message);
	free(x->hint);
}

void wt_findings_release(wt_findings *f)
{
	size_t i;

	for (i = 0; i < f->count; i++)
		finding_release(&f->items[i]);
	free(f->items);
	wt_findings_init(f);
}

int wt_findings_add(wt_findings *f, wt_severity severity, const char *code, const char *criterion,
		    const char *field, int line, int column, const char *message, const char *hint)
{
	wt_finding *x;

	if (f->count == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 8;
		wt_finding *p = realloc(f->items, cap * sizeof(*p));
		if (p == NULL)
			return -WT_EENV;
		f->items = p;
		f->cap = cap;
	}
	x = &f->items[f->count];
	x->severity = severity;
	x->code = wt_strdup(code ? code : "");
	x->criterion = wt_strdup(criterion ? criterion : "");
	x->field = wt_strdup(field ? field : "");
	x->line = line;
	x->column = column;
	x->message = wt_strdup(message ? message : "");
	x->hint = wt_strdup(hint ? hint : "");
	if (!x->code || !x->criterion || !x->field || !x->message || !x->hint) {
		finding_release(x);
		return -WT_EENV;
	}
	f->count++;
	return 0;
}

size_t wt_findings_blocking(const wt_findings *f)
{
	size_t i, n = 0;

	for (i = 0; i < f->count; i++)
		if (f->items[i].severity == WT_BLOKKEREND)
			n++;
	return n;
}
