/* status.h: status.yaml, the case's current state as recorded in every commit of its dossier. */
#ifndef WT_STATUS_H
#define WT_STATUS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"
#include "tree.h"

#define WT_STATUS_MAX_DOCS 1000

/* A document in the dossier tree (an assessment, the advice, an attachment). */
typedef struct wt_status_doc {
	char path[256];   /* in the dossier tree */
	char kind[32];    /* beoordeling | advies | document */
	char action[64];
	long seq;
	char actor[64];
	char role[64];
} wt_status_doc;

typedef struct wt_status {
	char case_id[32];
	char city[32];
	char state[64];
	int terminal;              /* the state is terminal in the pinned workflow */
	int64_t state_entered;
	int64_t deadline;         /* 0 = none */
	int spoed;
	long seq;                 /* events so far */
	char submitter[64];
	char submitter_org[64];
	char aard[256];           /* comma-separated */
	char workflow_version[64];
	int64_t created;
	int64_t updated;
	int kindermishandeling;
	int gevaar_onderbouwd;    /* checklist criterion (iii) at submission */
	int64_t warned;           /* the deadline for which "termijn nadert" was recorded; 0 none */
	int64_t escalated;        /* the deadline for which "termijn verstreken" was recorded */
	wt_status_doc *docs;      /* owned */
	size_t n_docs;
} wt_status;

int wt_status_format(const wt_status *s, wt_buf *out);
/* Reads a status document; -WT_EINTEGRITY with the reason when it is malformed. */
int wt_status_parse(wt_status *s, const wt_doc *doc, wt_error *err);
/* Appends a document entry (copying). 0 or -WT_EENV. */
int wt_status_add_doc(wt_status *s, const wt_status_doc *d);
/* Deep copy; dst must be released. */
int wt_status_copy(wt_status *dst, const wt_status *src);
void wt_status_release(wt_status *s);

#endif
