/* date.h: calendar dates, Dutch public holidays, working days and Dutch local time. */
#ifndef WT_DATE_H
#define WT_DATE_H

#include <stdint.h>
#include <stddef.h>

typedef struct wt_date {
	int year;
	int month; /* 1..12 */
	int day;   /* 1..31 */
} wt_date;

/* Parses exactly YYYY-MM-DD with a real calendar date (1900..2999). 0, or -1. */
int wt_date_parse(wt_date *out, const char *s);
/* Writes YYYY-MM-DD into out (at least 11 bytes). */
void wt_date_format(wt_date d, char out[11]);
/* Days since 1970-01-01 (may be negative) and back. */
int64_t wt_date_to_days(wt_date d);
wt_date wt_date_from_days(int64_t days);
/* 1 = Monday .. 7 = Sunday. */
int wt_date_weekday(wt_date d);
/* Compare: <0, 0, >0. */
int wt_date_cmp(wt_date a, wt_date b);
/* Age in whole years on day `on` of someone born on `birth` (birthday on 29 Feb counts on 1 Mar). */
int wt_date_age(wt_date birth, wt_date on);
/* Easter Sunday of a year (Gregorian). */
wt_date wt_date_easter(int year);

/*
 * 1 when d is a Dutch public holiday that counts for working days: Nieuwjaarsdag, Goede Vrijdag
 * is NOT included (not a general day off), Tweede Paasdag, Koningsdag (27 April, 26 April when
 * the 27th is a Sunday), Bevrijdingsdag (5 May, every year: counted as a day off here since
 * many municipal offices close; see README), Hemelvaartsdag, Tweede Pinksterdag,
 * Eerste en Tweede Kerstdag. Easter Sunday and Whit Sunday are Sundays anyway.
 * Writes the Dutch name into *name when name != NULL and d is a holiday.
 */
int wt_date_is_holiday(wt_date d, const char **name);
/* 1 when d is Monday..Friday and not a holiday. */
int wt_date_is_workday(wt_date d);

/* Seconds east of UTC in the Netherlands at UTC instant t (3600, or 7200 in summer time). */
int wt_time_nl_offset(int64_t t);
/* Local Dutch date of UTC instant t. */
wt_date wt_time_nl_date(int64_t t);
/*
 * Formats t as ISO 8601 with the Dutch offset: 2026-11-28T23:45:00+01:00 (26 bytes incl NUL).
 */
void wt_time_format(int64_t t, char out[32]);
/* Parses ISO 8601 "YYYY-MM-DDTHH:MM[:SS](Z|+HH:MM|-HH:MM)". 0, or -1. */
int wt_time_parse(int64_t *out, const char *s);

/* A deadline duration from a workflow: hours of wall-clock time, or working days. */
typedef struct wt_duration {
	int hours;    /* > 0 when expressed in hours */
	int workdays; /* > 0 when expressed in werkdagen */
} wt_duration;

/*
 * Parses "4 uur", "24 uren", "1 werkdag", "3 werkdagen" (one space or more). 0, or -1.
 * Limits: 1..8760 hours, 1..260 werkdagen.
 */
int wt_duration_parse(wt_duration *out, const char *s);
/* Writes the canonical Dutch text ("4 uur", "1 werkdag", "3 werkdagen"). */
void wt_duration_format(wt_duration d, char out[32]);

/*
 * The deadline for a duration starting at UTC instant start:
 * - hours: start + hours * 3600 exactly (weekends and holidays do not matter);
 * - werkdagen: the same Dutch local time of day, N working days later, skipping Saturdays,
 *   Sundays and holidays; when start falls on a non-working day it counts as 00:00 of the
 *   next working day (so Saturday + 1 werkdag ends at Tuesday 00:00, i.e. end of Monday).
 */
int64_t wt_deadline_add(int64_t start, wt_duration d);

#endif
