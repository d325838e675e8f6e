/* date.c: calendar dates, Dutch public holidays, working days, Dutch local time and deadlines. */
#include "date.h"

#include <stdio.h>
#include <string.h>

#define SECONDS_PER_DAY 86400
#define SECONDS_PER_HOUR 3600
#define DATE_YEAR_MIN 1900
#define DATE_YEAR_MAX 2999
#define DATE_TEXT_LEN 10            /* "YYYY-MM-DD" */
#define TIME_OFFSET_MAX_MINUTES (14 * 60) /* the widest UTC offset in use anywhere */
#define DURATION_HOURS_MAX 8760
#define DURATION_WORKDAYS_MAX 260
#define DURATION_DIGITS_MAX 4
#define NL_OFFSET_WINTER 3600       /* CET */
#define NL_OFFSET_SUMMER 7200       /* CEST */
#define DST_SWITCH_UTC_HOUR 1       /* EU rule: 01:00 UTC on the last Sundays of March and October */

static int is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (month == 2 && is_leap(year))
		return 29;
	return dim[month - 1];
}

/* Floor division for negative numerators (C's / truncates toward zero). */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* Reads exactly n decimal digits at s into *out. 0, or -1. */
static int read_digits(const char *s, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* Parses the 10 bytes at s as a date (no terminator required). 0, or -1. */
static int parse_date_prefix(wt_date *out, const char *s)
{
	wt_date d;

	if (read_digits(s, 4, &d.year) < 0 || s[4] != '-' || read_digits(s + 5, 2, &d.month) < 0 ||
	    s[7] != '-' || read_digits(s + 8, 2, &d.day) < 0)
		return -1;
	if (d.year < DATE_YEAR_MIN || d.year > DATE_YEAR_MAX || d.month < 1 || d.month > 12 || d.day < 1 ||
	    d.day > days_in_month(d.year, d.month))
		return -1;
	*out = d;
	return 0;
}

int wt_date_parse(wt_date *out, const char *s)
{
	wt_date d;

	if (out == NULL || s == NULL || strlen(s) != DATE_TEXT_LEN || parse_date_prefix(&d, s) < 0)
		return -1;
	*out = d;
	return 0;
}

void wt_date_format(wt_date d, char out[11])
{
	/* Reduced so that the text always fits in 11 bytes, even for a nonsense date. */
	unsigned y = (unsigned)d.year % 10000u;
	unsigned m = (unsigned)d.month % 100u;
	unsigned day = (unsigned)d.day % 100u;

	snprintf(out, DATE_TEXT_LEN + 1, "%04u-%02u-%02u", y, m, day);
}

/*
 * Days since 1970-01-01 by counting in 400-year eras that start on 1 March, so that the leap
 * day is the last day of an era-year.
 */
int64_t wt_date_to_days(wt_date d)
{
	int64_t y = (int64_t)d.year - (d.month <= 2 ? 1 : 0);
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;                               /* 0..399 */
	int64_t mp = (d.month + 9) % 12;                           /* March = 0 */
	int64_t doy = (153 * mp + 2) / 5 + d.day - 1;              /* 0..365 */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;       /* 0..146096 */

	return era * 146097 + doe - 719468;
}

wt_date wt_date_from_days(int64_t days)
{
	int64_t z = days + 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	wt_date d;

	d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.year = (int)(yoe + era * 400 + (d.month <= 2 ? 1 : 0));
	return d;
}

int wt_date_weekday(wt_date d)
{
	/* 1970-01-01 was a Thursday (4). */
	int64_t w = (wt_date_to_days(d) + 3) % 7;

	if (w < 0)
		w += 7;
	return (int)w + 1;
}

int wt_date_cmp(wt_date a, wt_date b)
{
	if (a.year != b.year)
		return a.year < b.year ? -1 : 1;
	if (a.month != b.month)
		return a.month < b.month ? -1 : 1;
	if (a.day != b.day)
		return a.day < b.day ? -1 : 1;
	return 0;
}

/* Whole years; negative when `on` lies before `birth`. */
int wt_date_age(wt_date birth, wt_date on)
{
	int age = on.year - birth.year;
	int bm = birth.month, bd = birth.day;

	if (wt_date_cmp(on, birth) < 0)
		return -1;
	/* Someone born on 29 February has a birthday on 1 March in common years. */
	if (bm == 2 && bd == 29 && !is_leap(on.year)) {
		bm = 3;
		bd = 1;
	}
	if (on.month < bm || (on.month == bm && on.day < bd))
		age--;
	return age;
}

/* The anonymous Gregorian computus (Meeus/Jones/Butcher). */
wt_date wt_date_easter(int year)
{
	int a = year % 19;
	int b = year / 100;
	int c = year % 100;
	int d = b / 4;
	int e = b % 4;
	int f = (b + 8) / 25;
	int g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4;
	int k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	wt_date r;

	r.year = year;
	r.month = (h + l - 7 * m + 114) / 31;
	r.day = (h + l - 7 * m + 114) % 31 + 1;
	return r;
}

int wt_date_is_holiday(wt_date d, const char **name)
{
	const char *n = NULL;
	int64_t day = wt_date_to_days(d);
	int64_t easter = wt_date_to_days(wt_date_easter(d.year));

	if (d.month == 1 && d.day == 1)
		n = "Nieuwjaarsdag";
	else if (day == easter + 1)
		n = "Tweede Paasdag";
	else if (d.month == 4 && d.day == 27 && wt_date_weekday(d) != 7)
		n = "Koningsdag";
	else if (d.month == 4 && d.day == 26 && wt_date_weekday(d) == 6)
		n = "Koningsdag"; /* the 27th is a Sunday */
	else if (day == easter + 39)
		n = "Hemelvaartsdag";
	else if (d.month == 5 && d.day == 5)
		n = "Bevrijdingsdag";
	else if (day == easter + 50)
		n = "Tweede Pinksterdag";
	else if (d.month == 12 && d.day == 25)
		n = "Eerste Kerstdag";
	else if (d.month == 12 && d.day == 26)
		n = "Tweede Kerstdag";
	if (n != NULL && name != NULL)
		*name = n;
	return n != NULL;
}

int wt_date_is_workday(wt_date d)
{
	return wt_date_weekday(d) <= 5 && !wt_date_is_holiday(d, NULL);
}

/* Days since the epoch of the last Sunday of a month. */
static int64_t last_sunday(int year, int month)
{
	wt_date d = {year, month, days_in_month(year, month)};

	return wt_date_to_days(d) - (wt_date_weekday(d) % 7);
}

int wt_time_nl_offset(int64_t t)
{
	int year = wt_date_from_days(floor_div(t, SECONDS_PER_DAY)).year;
	int64_t start = last_sunday(year, 3) * SECONDS_PER_DAY + DST_SWITCH_UTC_HOUR * SECONDS_PER_HOUR;
	int64_t end = last_sunday(year, 10) * SECONDS_PER_DAY + DST_SWITCH_UTC_HOUR * SECONDS_PER_HOUR;

	return (t >= start && t < end) ? NL_OFFSET_SUMMER : NL_OFFSET_WINTER;
}

wt_date wt_time_nl_date(int64_t t)
{
	return wt_date_from_days(floor_div(t + wt_time_nl_offset(t), SECONDS_PER_DAY));
}

void wt_time_format(int64_t t, char out[32])
{
	int off = wt_time_nl_offset(t);
	int64_t local = t + off;
	int64_t days = floor_div(local, SECONDS_PER_DAY);
	int64_t secs = local - days * SECONDS_PER_DAY;
	wt_date d = wt_date_from_days(days);
	char date[DATE_TEXT_LEN + 1];

	wt_date_format(d, date);
	snprintf(out, 32, "%sT%02u:%02u:%02u+%02u:00", date, (unsigned)(secs / 3600) % 24u,
		 (unsigned)(secs / 60 % 60), (unsigned)(secs % 60), (unsigned)(off / SECONDS_PER_HOUR) % 100u);
}

int wt_time_parse(int64_t *out, const char *s)
{
	wt_date d;
	int hh, mm, ss = 0, oh = 0, om = 0, sign = 1;
	size_t pos, len;
	int64_t t;

	if (out == NULL || s == NULL)
		return -1;
	len = strlen(s);
	if (len < 17 || parse_date_prefix(&d, s) < 0 || s[10] != 'T' || read_digits(s + 11, 2, &hh) < 0 ||
	    s[13] != ':' || read_digits(s + 14, 2, &mm) < 0)
		return -1;
	pos = 16;
	if (s[pos] == ':') {
		if (len < 20 || read_digits(s + 17, 2, &ss) < 0)
			return -1;
		pos = 19;
	}
	if (s[pos] == 'Z') {
		if (len != pos + 1)
			return -1;
	} else if (s[pos] == '+' || s[pos] == '-') {
		sign = s[pos] == '-' ? -1 : 1;
		if (len != pos + 6 || read_digits(s + pos + 1, 2, &oh) < 0 || s[pos + 3] != ':' ||
		    read_digits(s + pos + 4, 2, &om) < 0 || om > 59 || oh * 60 + om > TIME_OFFSET_MAX_MINUTES)
			return -1;
	} else {
		return -1;
	}
	if (hh > 23 || mm > 59 || ss > 59)
		return -1;
	t = wt_date_to_days(d) * SECONDS_PER_DAY + hh * SECONDS_PER_HOUR + mm * 60 + ss;
	*out = t - (int64_t)sign * (oh * SECONDS_PER_HOUR + om * 60);
	return 0;
}

int wt_duration_parse(wt_duration *out, const char *s)
{
	static const char *const hour_units[] = {"uur", "uren", NULL};
	static const char *const day_units[] = {"werkdag", "werkdagen", NULL};
	wt_duration d = {0, 0};
	int n = 0, digits = 0, i;
	const char *p = s;

	if (out == NULL || s == NULL)
		return -1;
	while (*p >= '0' && *p <= '9') {
		if (++digits > DURATION_DIGITS_MAX)
			return -1;
		n = n * 10 + (*p - '0');
		p++;
	}
	if (digits == 0 || *p != ' ')
		return -1;
	while (*p == ' ')
		p++;
	for (i = 0; hour_units[i] != NULL; i++)
		if (strcmp(p, hour_units[i]) == 0)
			d.hours = n;
	for (i = 0; day_units[i] != NULL; i++)
		if (strcmp(p, day_units[i]) == 0)
			d.workdays = n;
	if (d.hours == 0 && d.workdays == 0)
		return -1; /* unknown unit, or zero */
	if (d.hours > DURATION_HOURS_MAX || d.workdays > DURATION_WORKDAYS_MAX)
		return -1;
	*out = d;
	return 0;
}

void wt_duration_format(wt_duration d, char out[32])
{
	if (d.hours > 0)
		snprintf(out, 32, "%d uur", d.hours);
	else if (d.workdays == 1)
		snprintf(out, 32, "1 werkdag");
	else
		snprintf(out, 32, "%d werkdagen", d.workdays);
}

/* The UTC instant of a Dutch local wall-clock time (seconds since the epoch as if it were UTC). */
static int64_t nl_local_to_utc(int64_t local)
{
	/* Try summer time first; it is right when that instant really lies in summer time. */
	int64_t t = local - NL_OFFSET_SUMMER;

	if (wt_time_nl_offset(t) == NL_OFFSET_SUMMER)
		return t;
	return local - NL_OFFSET_WINTER;
}

/*
 * Hours take precedence when both are set; a duration of zero returns start. Working days never
 * land on a Sunday, so the local times skipped or repeated by the DST switch cannot occur.
 */
int64_t wt_deadline_add(int64_t start, wt_duration d)
{
	int64_t local, day, tod;
	int n;

	if (d.hours > 0)
		return start + (int64_t)d.hours * SECONDS_PER_HOUR;
	if (d.workdays <= 0)
		return start;
	local = start + wt_time_nl_offset(start);
	day = floor_div(local, SECONDS_PER_DAY);
	tod = local - day * SECONDS_PER_DAY;
	if (!wt_date_is_workday(wt_date_from_days(day))) {
		/* A start on a non-working day counts from 00:00 of the next working day. */
		do
			day++;
		while (!wt_date_is_workday(wt_date_from_days(day)));
		tod = 0;
	}
	for (n = 0; n < d.workdays; n++) {
		do
			day++;
		while (!wt_date_is_workday(wt_date_from_days(day)));
	}
	return nl_local_to_utc(day * SECONDS_PER_DAY + tod);
}
