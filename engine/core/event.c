/* event.c: formatting and parsing the commit message of an event. */
#include "event.h"

#include "date.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

int wt_event_is_system(const char *action)
{
	return strcmp(action, WT_ACTION_DEADLINE_NEAR) == 0 ||
	       strcmp(action, WT_ACTION_DEADLINE_PASSED) == 0;
}

int wt_event_format(const wt_event *ev, wt_buf *out)
{
	char when[32];
	int rc = 0;

	wt_time_format(ev->time, when);
	rc |= wt_buf_printf(out, "%s: %s -> %s\n\n", ev->action, ev->from, ev->to);
	if (ev->note != NULL && ev->note[0] != '\0') {
		rc |= wt_buf_addstr(out, ev->note);
		rc |= wt_buf_addstr(out, "\n\n");
	}
	rc |= wt_buf_printf(out, "Weegteam-Zaak: %s\nWeegteam-Volgnummer: %ld\n", ev->case_id, ev->seq);
	rc |= wt_buf_printf(out, "Weegteam-Actie: %s\nWeegteam-Van: %s\nWeegteam-Naar: %s\n",
			    ev->action, ev->from, ev->to);
	rc |= wt_buf_printf(out, "Weegteam-Actor: %s\nWeegteam-Rol: %s\nWeegteam-Rollen: %s\n",
			    ev->actor, ev->role, ev->roles);
	if (ev->namens[0] != '\0')
		rc |= wt_buf_printf(out, "Weegteam-Namens: %s\n", ev->namens);
	if (ev->document[0] != '\0')
		rc |= wt_buf_printf(out, "Weegteam-Document: %s\n", ev->document);
	if (ev->start != 0) {
		char start[32];
		wt_time_format(ev->start, start);
		rc |= wt_buf_printf(out, "Weegteam-Ingang: %s\n", start);
	}
	rc |= wt_buf_printf(out, "Weegteam-Workflow: %s\nWeegteam-Workflow-Versie: %s\n",
			    ev->workflow, ev->workflow_version);
	rc |= wt_buf_printf(out, "Weegteam-Tijd: %s\n", when);
	return rc ? -WT_EENV : 0;
}

static int set_field(char *dst, size_t size, const char *value, size_t len)
{
	if (len >= size)
		return -1;
	memcpy(dst, value, len);
	dst[len] = '\0';
	return 0;
}

static int bad(wt_error *err, const char *what)
{
	return wt_error_set(err, WT_EINTEGRITY, "ongeldige_gebeurtenis",
			    "De commit is geen geldige gebeurtenis: %s.", what);
}

/* Parses one "Key: value" trailer line into ev; returns 1 when recognised, 0 when not, -1 bad. */
static int trailer(wt_event *ev, const char *line, size_t len, unsigned *seen)
{
	static const struct {
		const char *key;
		size_t off;
		size_t size;
	} fields[] = {
		{"Weegteam-Zaak", offsetof(wt_event, case_id), sizeof(((wt_event *)0)->case_id)},
		{"Weegteam-Actie", offsetof(wt_event, action), sizeof(((wt_event *)0)->action)},
		{"Weegteam-Van", offsetof(wt_event, from), sizeof(((wt_event *)0)->from)},
		{"Weegteam-Naar", offsetof(wt_event, to), sizeof(((wt_event *)0)->to)},
		{"Weegteam-Actor", offsetof(wt_event, actor), sizeof(((wt_event *)0)->actor)},
		{"Weegteam-Rol", offsetof(wt_event, role), sizeof(((wt_event *)0)->role)},
		{"Weegteam-Rollen", offsetof(wt_event, roles), sizeof(((wt_event *)0)->roles)},
		{"Weegteam-Namens", offsetof(wt_event, namens), sizeof(((wt_event *)0)->namens)},
		{"Weegteam-Document", offsetof(wt_event, document), sizeof(((wt_event *)0)->document)},
		{"Weegteam-Workflow", offsetof(wt_event, workflow), sizeof(((wt_event *)0)->workflow)},
		{"Weegteam-Workflow-Versie", offsetof(wt_event, workflow_version),
		 sizeof(((wt_event *)0)->workflow_version)},
	};
	const char *colon = memchr(line, ':', len);
	size_t klen, i;
	const char *value;
	size_t vlen;
	char tmp[64];

	if (colon == NULL || colon + 1 >= line + len || colon[1] != ' ')
		return 0;
	klen = (size_t)(colon - line);
	value = colon + 2;
	vlen = len - klen - 2;
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strlen(fields[i].key) == klen && memcmp(fields[i].key, line, klen) == 0) {
			if (*seen & (1u << i))
				return -1;
			*seen |= 1u << i;
			return set_field((char *)ev + fields[i].off, fields[i].size, value, vlen) ? -1 : 1;
		}
	if (klen == strlen("Weegteam-Volgnummer") && memcmp(line, "Weegteam-Volgnummer", klen) == 0) {
		char *end;
		if (set_field(tmp, sizeof(tmp), value, vlen) < 0)
			return -1;
		errno = 0;
		ev->seq = strtol(tmp, &end, 10);
		if (errno || *end || end == tmp || ev->seq < 1 || (*seen & (1u << 20)))
			return -1;
		*seen |= 1u << 20;
		return 1;
	}
	if (klen == strlen("Weegteam-Tijd") && memcmp(line, "Weegteam-Tijd", klen) == 0) {
		if (set_field(tmp, sizeof(tmp), value, vlen) < 0 || wt_time_parse(&ev->time, tmp) < 0 ||
		    (*seen & (1u << 21)))
			return -1;
		*seen |= 1u << 21;
		return 1;
	}
	if (klen == strlen("Weegteam-Ingang") && memcmp(line, "Weegteam-Ingang", klen) == 0) {
		if (set_field(tmp, sizeof(tmp), value, vlen) < 0 || wt_time_parse(&ev->start, tmp) < 0 ||
		    ev->start == 0 || (*seen & (1u << 22)))
			return -1;
		*seen |= 1u << 22;
		return 1;
	}
	return -1;
}

int wt_event_parse(wt_event *ev, const char *message, wt_error *err)
{
	size_t mlen = strlen(message);
	const char *end = message + mlen;
	const char *block, *p, *subject_end, *note_start;
	unsigned seen = 0;
	/* Required: Zaak(0) Actie(1) Van(2) Naar(3) Actor(4) Rol(5) Rollen(6) Workflow(9)
	 * Workflow-Versie(10) Volgnummer(20) Tijd(21). */
	const unsigned required = 0x7Fu | (1u << 9) | (1u << 10) | (1u << 20) | (1u << 21);

	memset(ev, 0, sizeof(*ev));
	while (end > message && end[-1] == '\n')
		end--;
	for (block = end; block > message; block--)
		if (block - message >= 2 && block[-1] == '\n' && block[-2] == '\n')
			break;
	if (block == message)
		return bad(err, "de regels met Weegteam-gegevens ontbreken");
	for (p = block; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		if (trailer(ev, p, (size_t)(le - p), &seen) != 1)
			return bad(err, "een regel met Weegteam-gegevens is onleesbaar of dubbel");
		p = nl ? nl + 1 : end;
	}
	if ((seen & required) != required)
		return bad(err, "verplichte Weegteam-gegevens ontbreken");
	/* The note: between the subject's blank line and the trailer block. */
	subject_end = memchr(message, '\n', (size_t)(block - message));
	if (subject_end == NULL)
		return bad(err, "de onderwerpregel ontbreekt");
	note_start = subject_end + 1;
	while (note_start < block && *note_start == '\n')
		note_start++;
	if (note_start < block - 2) {
		size_t n = (size_t)(block - 2 - note_start);
		ev->note = malloc(n + 1);
		if (ev->note == NULL)
			return wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
		memcpy(ev->note, note_start, n);
		ev->note[n] = '\0';
	}
	return 0;
}

void wt_event_release(wt_event *ev)
{
	free(ev->note);
	ev->note = NULL;
}
