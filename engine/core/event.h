/* event.h: one event of a case as recorded in its audit commit message (subject, note, trailers). */
#ifndef WT_EVENT_H
#define WT_EVENT_H

#include <stdint.h>

#include "buf.h"
#include "error.h"

/*
 * The commit message of an event:
 *
 *   <action>: <from> -> <to>          (subject; "indienen: -> ingediend" for a submission)
 *   <blank line>
 *   <note, any number of lines>       (optional, with its blank line)
 *   <blank line>
 *   Weegteam-Zaak: 2026-RTM-0001      (trailers: always the last paragraph, values one line)
 *   Weegteam-Volgnummer: 3
 *   Weegteam-Actie: beoordelen
 *   Weegteam-Van: weegteam
 *   Weegteam-Naar: weegteam
 *   Weegteam-Actor: kbakker
 *   Weegteam-Rol: politie
 *   Weegteam-Rollen: politie           (all roles the actor held in the city at that moment)
 *   Weegteam-Namens: burgemeester      (only when the action is taken in someone's name)
 *   Weegteam-Document: beoordelingen/0003-politie-kbakker.yaml   (only with a file)
 *   Weegteam-Ingang: 2026-11-28T09:30:00+01:00  (only when a decision took effect before it
 *                                                was recorded: act --ingang)
 *   Weegteam-Workflow: rotterdam
 *   Weegteam-Workflow-Versie: 2026.1
 *   Weegteam-Tijd: 2026-11-28T10:00:00+01:00
 *
 * Trailers are read from the last paragraph only, so a note can never forge one.
 */
typedef struct wt_event {
	char case_id[32];
	long seq;
	char action[64];
	char from[64];
	char to[64];
	char actor[64];
	char role[64];
	char roles[256];
	char namens[64];
	char document[256];
	char workflow[32];
	char workflow_version[64];
	int64_t time;
	int64_t start;  /* Weegteam-Ingang: when a decision took effect, if before time; 0 = time */
	char *note; /* owned; NULL when none */
} wt_event;

/*
 * System events: recorded by `weegteam tick`, not by a person. They leave the state as it is
 * (from == to) and note that a deadline approaches or has passed, once per deadline. The
 * names are reserved: no workflow may define such an action or role.
 */
#define WT_SYSTEM_ACTOR "weegteam"
#define WT_SYSTEM_ROLE "systeem"
#define WT_ACTION_DEADLINE_NEAR "termijn-nadert"
#define WT_ACTION_DEADLINE_PASSED "termijn-verstreken"

/* 1 when action is one of the system events above. */
int wt_event_is_system(const char *action);

/* Appends the message for ev to out. 0, or -WT_EENV. */
int wt_event_format(const wt_event *ev, wt_buf *out);
/* Parses a message; -WT_EINTEGRITY with a Dutch reason when it is not a well-formed event. */
int wt_event_parse(wt_event *ev, const char *message, wt_error *err);
/* Frees the note. */
void wt_event_release(wt_event *ev);

#endif
