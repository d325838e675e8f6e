/* workflow.h: a city's workflow definition (workflows/<city>.yaml): model, loading, validation. */
#ifndef WT_WORKFLOW_H
#define WT_WORKFLOW_H

#include <stddef.h>

#include "buf.h"
#include "date.h"
#include "error.h"
#include "tree.h"

/* Which cases a role may see in its city. */
typedef enum wt_visibility {
	WT_INZAGE_ALLE,        /* every case of the city */
	WT_INZAGE_EIGEN,       /* only the cases this user submitted */
	WT_INZAGE_ORGANISATIE  /* the cases submitted by someone of the user's organisation */
} wt_visibility;

typedef struct wt_wf_role {
	char *key;          /* "ketenregisseur" */
	char *naam;         /* "Ketenregisseur van de gemeente" */
	char *organisatie;  /* optional: the organisation the members come from (text) */
	wt_visibility inzage;
	int line, column;
} wt_wf_role;

typedef struct wt_wf_state {
	char *key;
	char *naam;
	int terminal;             /* eind: true */
	int has_termijn;
	wt_duration termijn;      /* deadline for leaving this state, from entering it */
	int has_termijn_spoed;
	wt_duration termijn_spoed;/* used instead when the verzoek has spoed: true */
	int lokale_afspraak;      /* the deadline is a local agreement, not law */
	char *termijn_vanaf;      /* optional: count the termijn from when this other state was
				     last entered (an extension runs to 28 days after imposing) */
	int line, column;
} wt_wf_state;

/* What an action needs from the actor. */
#define WT_VEREIST_NOTITIE 1u
#define WT_VEREIST_BESTAND 2u

typedef struct wt_wf_action {
	char *key;          /* "conclusie-huisverbodwaardig" */
	char *naam;         /* Dutch label */
	char **van;         /* states it may be taken from */
	size_t n_van;
	char *naar;         /* the state after it (may equal a van state: stays) */
	char **rollen;      /* roles allowed to take it */
	size_t n_rollen;
	unsigned vereist;   /* WT_VEREIST_* bits */
	char *bestand;      /* kind of file when WT_VEREIST_BESTAND: beoordeling | advies | document */
	char **voorwaarden; /* named guards, all must hold */
	size_t n_voorwaarden;
	char *namens;       /* optional: in whose name it is taken ("burgemeester") */
	int besluit;        /* besluit: true: the action is a decision on the huisverbod */
	int line, column;
} wt_wf_action;

typedef struct wt_workflow {
	char *file;
	long long versie;        /* format version (1) */
	char *gemeente;          /* city key: the users.yaml rollen key, lower case */
	char *naam;              /* display name */
	char **namen;            /* spellings accepted in a verzoek's gemeente */
	size_t n_namen;
	char *code;              /* three capital letters: the CCC of case ids */
	char *definitie_versie;  /* version of this definition */
	char *route;             /* weegteam | direct */
	char *beslisser;         /* role that decides */
	char *mandaat;           /* text: under which mandate */
	char **indieners;        /* organisations that may file */
	size_t n_indieners;
	char *indieners_toelichting; /* optional Dutch text: who may file, where others go */
	char **indienen_rollen;  /* roles that may submit */
	size_t n_indienen_rollen;
	char *begin;             /* the state a submitted case enters */
	char **anderen_rollen;   /* indienen.anderen: roles through which an organisation that is */
	size_t n_anderen_rollen; /*   not in indieners may still file ... */
	char *anderen_begin;     /*   ... and the state such a request enters (NULL: refused) */
	char **quorum;           /* roles whose assessment the quorum guard needs */
	size_t n_quorum;
	wt_wf_role *rollen;
	size_t n_rollen;
	wt_wf_state *states;
	size_t n_states;
	wt_wf_action *actions;
	size_t n_actions;
} wt_workflow;

/*
 * Reads and validates a workflow document completely (README "Workflow format"): required
 * fields, no unknown keys, known roles, states and guards everywhere, durations valid,
 * every state reachable from begin, every non-terminal state has a way out, terminal states
 * have none, the code is three capital letters. Returns 0 and *out (free with
 * wt_workflow_free), or -WT_EINPUT with err naming file, line, column and field in Dutch,
 * or -WT_EENV when out of memory.
 */
int wt_workflow_parse(wt_workflow **out, const wt_doc *doc, wt_error *err);
void wt_workflow_free(wt_workflow *wf);

/* Lookups by key; borrowed; NULL when unknown. */
const wt_wf_state *wt_workflow_state(const wt_workflow *wf, const char *key);
const wt_wf_action *wt_workflow_action(const wt_workflow *wf, const char *key);
const wt_wf_role *wt_workflow_role(const wt_workflow *wf, const char *key);

/* 1 when a verzoek's gemeente text names this workflow's city (case-insensitive, trimmed). */
int wt_workflow_matches(const wt_workflow *wf, const char *gemeente);
/* 1 when the organisation may file in this city. */
int wt_workflow_accepts(const wt_workflow *wf, const char *organisatie);
/*
 * The state a request from this organisation enters: begin for an accepted organisation, the
 * indienen.anderen state for any other when the city routes them, else NULL.
 */
const char *wt_workflow_begin_for(const wt_workflow *wf, const char *organisatie);

/* The guard names the core knows, NULL-terminated. */
extern const char *const wt_guard_names[];

/* A readable Dutch description (workflow show) and a Graphviz digraph (workflow dot). */
int wt_workflow_format_text(const wt_workflow *wf, wt_buf *out);
int wt_workflow_format_dot(const wt_workflow *wf, wt_buf *out);

#endif
