/* test_date.c: dates, Dutch holidays, working days, Dutch local time and deadlines. */
#include <criterion/criterion.h>

#include <string.h>

#include "core/date.h"

static wt_date D(int y, int m, int d)
{
	wt_date r = {y, m, d};
	return r;
}

static int64_t T(const char *s)
{
	int64_t t = 0;

	cr_assert_eq(wt_time_parse(&t, s), 0, "cannot parse %s", s);
	return t;
}

static void assert_date(wt_date got, int y, int m, int d)
{
	cr_assert(got.year == y && got.month == m && got.day == d, "got %04d-%02d-%02d, want %04d-%02d-%02d",
		  got.year, got.month, got.day, y, m, d);
}

/* The deadline of `dur` from `start`, formatted in Dutch local time. */
static void assert_deadline(const char *start, const char *dur, const char *want)
{
	wt_duration d;
	char out[32];

	cr_assert_eq(wt_duration_parse(&d, dur), 0, "%s", dur);
	wt_time_format(wt_deadline_add(T(start), d), out);
	cr_assert_str_eq(out, want, "%s + %s", start, dur);
}

Test(date, parses_and_formats_real_dates)
{
	wt_date d;
	char out[11];

	cr_assert_eq(wt_date_parse(&d, "2026-11-28"), 0);
	assert_date(d, 2026, 11, 28);
	wt_date_format(d, out);
	cr_assert_str_eq(out, "2026-11-28");
	cr_assert_eq(wt_date_parse(&d, "2024-02-29"), 0);
	cr_assert_eq(wt_date_parse(&d, "2000-02-29"), 0);
	cr_assert_eq(wt_date_parse(&d, "1900-01-01"), 0);
	cr_assert_eq(wt_date_parse(&d, "2999-12-31"), 0);
}

Test(date, refuses_impossible_or_sloppy_dates)
{
	static const char *const bad[] = {
		"2026-02-30", "2026-02-29", "2100-02-29", "2026-13-01", "2026-00-10", "2026-04-31",
		"2026-11-00", "1899-12-31", "3000-01-01", "2026-2-3",   "26-11-2026", "2026/11/28",
		"2026-11-28 ", " 2026-11-28", "2026-11-28T10:00Z", "gisteren", "", "+026-11-28",
	};
	wt_date d;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect_eq(wt_date_parse(&d, bad[i]), -1, "accepted '%s'", bad[i]);
	cr_assert_eq(wt_date_parse(&d, NULL), -1);
}

Test(date, days_round_trip_and_weekdays)
{
	int64_t n;

	cr_assert_eq(wt_date_to_days(D(1970, 1, 1)), 0);
	cr_assert_eq(wt_date_to_days(D(1969, 12, 31)), -1);
	cr_assert_eq(wt_date_to_days(D(2000, 3, 1)), 11017);
	for (n = -30000; n < 400000; n += 13) {
		wt_date d = wt_date_from_days(n);
		cr_assert_eq(wt_date_to_days(d), n);
	}
	cr_assert_eq(wt_date_weekday(D(2026, 11, 28)), 6); /* Saturday */
	cr_assert_eq(wt_date_weekday(D(2026, 11, 30)), 1);
	cr_assert_eq(wt_date_weekday(D(1970, 1, 1)), 4);
	cr_assert_eq(wt_date_weekday(D(1969, 12, 28)), 7);
	cr_assert_lt(wt_date_cmp(D(2026, 1, 31), D(2026, 2, 1)), 0);
	cr_assert_gt(wt_date_cmp(D(2027, 1, 1), D(2026, 12, 31)), 0);
	cr_assert_eq(wt_date_cmp(D(2026, 5, 5), D(2026, 5, 5)), 0);
}

Test(date, age_counts_whole_years_and_leap_days)
{
	cr_assert_eq(wt_date_age(D(2008, 11, 28), D(2026, 11, 28)), 18);
	cr_assert_eq(wt_date_age(D(2008, 11, 28), D(2026, 11, 27)), 17);
	cr_assert_eq(wt_date_age(D(1985, 3, 2), D(2026, 11, 28)), 41);
	cr_assert_eq(wt_date_age(D(2008, 2, 29), D(2026, 2, 28)), 17);
	cr_assert_eq(wt_date_age(D(2008, 2, 29), D(2026, 3, 1)), 18);
	cr_assert_eq(wt_date_age(D(2008, 2, 29), D(2028, 2, 28)), 19);
	cr_assert_eq(wt_date_age(D(2008, 2, 29), D(2028, 2, 29)), 20);
	cr_assert_eq(wt_date_age(D(2026, 11, 28), D(2026, 11, 28)), 0);
	cr_assert_lt(wt_date_age(D(2026, 11, 29), D(2026, 11, 28)), 0);
}

Test(date, easter_by_gregorian_computus)
{
	assert_date(wt_date_easter(2024), 2024, 3, 31);
	assert_date(wt_date_easter(2025), 2025, 4, 20);
	assert_date(wt_date_easter(2026), 2026, 4, 5);
	assert_date(wt_date_easter(2027), 2027, 3, 28);
	assert_date(wt_date_easter(2028), 2028, 4, 16);
	assert_date(wt_date_easter(2029), 2029, 4, 1);
	assert_date(wt_date_easter(2030), 2030, 4, 21);
	assert_date(wt_date_easter(2038), 2038, 4, 25); /* the latest possible */
	assert_date(wt_date_easter(2285), 2285, 3, 22); /* the earliest possible */
}

static void assert_holiday(int y, int m, int d, const char *want)
{
	const char *name = NULL;

	cr_assert_eq(wt_date_is_holiday(D(y, m, d), &name), 1, "%04d-%02d-%02d not a holiday", y, m, d);
	cr_assert_str_eq(name, want, "%04d-%02d-%02d", y, m, d);
	cr_assert_eq(wt_date_is_workday(D(y, m, d)), 0);
}

static void assert_not_holiday(int y, int m, int d)
{
	const char *name = "unchanged";

	cr_assert_eq(wt_date_is_holiday(D(y, m, d), &name), 0, "%04d-%02d-%02d is a holiday", y, m, d);
	cr_assert_str_eq(name, "unchanged");
}

Test(date, dutch_holidays_2024_to_2030)
{
	assert_holiday(2024, 1, 1, "Nieuwjaarsdag");
	assert_holiday(2024, 4, 1, "Tweede Paasdag");
	assert_holiday(2024, 5, 9, "Hemelvaartsdag");
	assert_holiday(2024, 5, 20, "Tweede Pinksterdag");
	assert_holiday(2024, 4, 27, "Koningsdag");
	assert_holiday(2025, 4, 26, "Koningsdag"); /* 27 April 2025 is a Sunday */
	assert_not_holiday(2025, 4, 27);
	assert_holiday(2025, 5, 5, "Bevrijdingsdag");
	assert_holiday(2025, 5, 29, "Hemelvaartsdag");
	assert_holiday(2026, 4, 6, "Tweede Paasdag");
	assert_holiday(2026, 4, 27, "Koningsdag");
	assert_holiday(2026, 5, 5, "Bevrijdingsdag");
	assert_holiday(2026, 5, 14, "Hemelvaartsdag");
	assert_holiday(2026, 5, 25, "Tweede Pinksterdag");
	assert_holiday(2026, 12, 25, "Eerste Kerstdag");
	assert_holiday(2026, 12, 26, "Tweede Kerstdag");
	assert_holiday(2027, 1, 1, "Nieuwjaarsdag");
	assert_holiday(2027, 5, 6, "Hemelvaartsdag");
	assert_holiday(2028, 4, 17, "Tweede Paasdag");
	assert_holiday(2029, 5, 10, "Hemelvaartsdag");
	assert_holiday(2030, 4, 27, "Koningsdag"); /* a Saturday: stays on the 27th */
	assert_holiday(2030, 6, 10, "Tweede Pinksterdag");
	assert_holiday(2031, 4, 26, "Koningsdag");
	/* Goede Vrijdag and the Sundays themselves are not counted as holidays. */
	assert_not_holiday(2026, 4, 3);
	assert_not_holiday(2026, 4, 5);
	assert_not_holiday(2026, 5, 24);
	assert_not_holiday(2026, 4, 26);
	assert_not_holiday(2026, 12, 24);
	assert_not_holiday(2026, 12, 31);
}

Test(date, workdays)
{
	cr_assert_eq(wt_date_is_workday(D(2026, 11, 27)), 1); /* Friday */
	cr_assert_eq(wt_date_is_workday(D(2026, 11, 28)), 0); /* Saturday */
	cr_assert_eq(wt_date_is_workday(D(2026, 11, 29)), 0); /* Sunday */
	cr_assert_eq(wt_date_is_workday(D(2026, 11, 30)), 1);
	cr_assert_eq(wt_date_is_workday(D(2026, 4, 3)), 1);   /* Goede Vrijdag */
	cr_assert_eq(wt_date_is_workday(D(2026, 4, 6)), 0);   /* Tweede Paasdag */
}

Test(date, dutch_offset_follows_eu_summer_time)
{
	/* 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC. */
	cr_assert_eq(wt_time_nl_offset(T("2026-03-29T00:59:59Z")), 3600);
	cr_assert_eq(wt_time_nl_offset(T("2026-03-29T01:00:00Z")), 7200);
	cr_assert_eq(wt_time_nl_offset(T("2026-10-25T00:59:59Z")), 7200);
	cr_assert_eq(wt_time_nl_offset(T("2026-10-25T01:00:00Z")), 3600);
	cr_assert_eq(wt_time_nl_offset(T("2026-11-28T12:00:00Z")), 3600);
	cr_assert_eq(wt_time_nl_offset(T("2026-07-01T12:00:00Z")), 7200);
	/* 2025: 30 March and 26 October. */
	cr_assert_eq(wt_time_nl_offset(T("2025-03-30T01:00:00Z")), 7200);
	cr_assert_eq(wt_time_nl_offset(T("2025-03-29T12:00:00Z")), 3600);
	cr_assert_eq(wt_time_nl_offset(T("2025-10-26T00:30:00Z")), 7200);
	cr_assert_eq(wt_time_nl_offset(T("2025-10-26T01:30:00Z")), 3600);
}

Test(date, local_date_of_an_instant)
{
	assert_date(wt_time_nl_date(T("2026-11-28T23:30:00Z")), 2026, 11, 29);
	assert_date(wt_time_nl_date(T("2026-11-28T22:59:59Z")), 2026, 11, 28);
	assert_date(wt_time_nl_date(T("2026-06-30T22:30:00Z")), 2026, 7, 1);
	assert_date(wt_time_nl_date(T("2026-12-31T23:00:00Z")), 2027, 1, 1);
}

Test(date, time_parse_and_format_round_trip)
{
	char out[32];
	int64_t t, u;

	t = T("2026-11-28T23:45:00+01:00");
	wt_time_format(t, out);
	cr_assert_str_eq(out, "2026-11-28T23:45:00+01:00");
	cr_assert_eq(T("2026-11-28T22:45Z"), t);
	cr_assert_eq(T("2026-11-29T03:45:00+05:00"), t);
	cr_assert_eq(T("2026-11-28T18:45-04:00"), t);
	cr_assert_eq(T("1970-01-01T00:00:00Z"), 0);
	wt_time_format(T("2026-07-14T08:05:09Z"), out);
	cr_assert_str_eq(out, "2026-07-14T10:05:09+02:00");
	wt_time_format(-1, out);
	cr_assert_str_eq(out, "1970-01-01T00:59:59+01:00");
	for (t = T("2026-01-01T00:00:00Z"); t < T("2027-01-01T00:00:00Z"); t += 3600 * 7 + 13) {
		wt_time_format(t, out);
		cr_assert_eq(strlen(out), 25);
		cr_assert_eq(wt_time_parse(&u, out), 0, "%s", out);
		cr_assert_eq(u, t, "%s", out);
	}
}

Test(date, time_parse_is_strict)
{
	static const char *const bad[] = {
		"2026-11-28T23:45",        "2026-11-28 23:45Z",       "2026-11-28t23:45z",
		"2026-11-28T24:00Z",       "2026-11-28T23:60Z",       "2026-11-28T23:45:60Z",
		"2026-11-28T23:45+0100",   "2026-11-28T23:45+01",     "2026-11-28T23:45+01:00x",
		"2026-11-28T23:45:0Z",     "2026-11-28T23:45:00.5Z",  "2026-11-28T23:45+15:00",
		"2026-11-28T23:45+01:60",  "2026-02-30T10:00Z",       "2026-11-28T9:45Z",
		"2026-11-28",              "",                        "2026-11-28T23:45ZZ",
	};
	int64_t t = 42;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect_eq(wt_time_parse(&t, bad[i]), -1, "accepted '%s'", bad[i]);
	cr_assert_eq(t, 42);
	cr_assert_eq(wt_time_parse(&t, NULL), -1);
}

Test(date, durations_parse_and_format)
{
	wt_duration d;
	char out[32];

	cr_assert_eq(wt_duration_parse(&d, "4 uur"), 0);
	cr_assert(d.hours == 4 && d.workdays == 0);
	cr_assert_eq(wt_duration_parse(&d, "24 uren"), 0);
	cr_assert_eq(d.hours, 24);
	cr_assert_eq(wt_duration_parse(&d, "1 werkdag"), 0);
	cr_assert(d.hours == 0 && d.workdays == 1);
	cr_assert_eq(wt_duration_parse(&d, "3   werkdagen"), 0);
	cr_assert_eq(d.workdays, 3);
	cr_assert_eq(wt_duration_parse(&d, "8760 uur"), 0);
	cr_assert_eq(wt_duration_parse(&d, "260 werkdagen"), 0);
	wt_duration_format(d, out);
	cr_assert_str_eq(out, "260 werkdagen");
	d.hours = 4;
	d.workdays = 0;
	wt_duration_format(d, out);
	cr_assert_str_eq(out, "4 uur");
	d.hours = 0;
	d.workdays = 1;
	wt_duration_format(d, out);
	cr_assert_str_eq(out, "1 werkdag");
}

Test(date, durations_refused)
{
	static const char *const bad[] = {
		"0 uur", "8761 uur", "261 werkdagen", "uur", "4uur", "-1 uur", "+4 uur", "4 dagen", "",
		" 4 uur", "4 uur ", "4\tuur", "00004 uur", "4 Uur x", "1 werkdagen extra",
	};
	wt_duration d;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect_eq(wt_duration_parse(&d, bad[i]), -1, "accepted '%s'", bad[i]);
}

Test(date, deadline_in_hours_is_exact_elapsed_time)
{
	wt_duration d = {240, 0};
	int64_t starts[] = {
		T("2026-11-27T10:00:00+01:00"), /* over a weekend */
		T("2026-12-24T10:00:00+01:00"), /* over Kerst and Nieuwjaar */
		T("2026-03-25T12:00:00+01:00"), /* over the start of summer time */
		T("2026-10-20T12:00:00+02:00"), /* over the end of summer time */
		T("2026-04-24T09:00:00+02:00"), /* over Koningsdag and Bevrijdingsdag */
	};
	size_t i;

	for (i = 0; i < sizeof(starts) / sizeof(starts[0]); i++)
		cr_assert_eq(wt_deadline_add(starts[i], d) - starts[i], (int64_t)10 * 24 * 3600);
	assert_deadline("2026-03-25T12:00:00+01:00", "240 uur", "2026-04-04T13:00:00+02:00");
	assert_deadline("2026-11-28T15:00:00+01:00", "4 uur", "2026-11-28T19:00:00+01:00");
	assert_deadline("2026-10-24T23:30:00+02:00", "24 uur", "2026-10-25T22:30:00+01:00");
}

Test(date, deadline_in_workdays_skips_weekend)
{
	assert_deadline("2026-11-27T10:00:00+01:00", "1 werkdag", "2026-11-30T10:00:00+01:00");
	assert_deadline("2026-11-26T16:30:00+01:00", "3 werkdagen", "2026-12-01T16:30:00+01:00");
	assert_deadline("2026-11-23T08:00:00+01:00", "5 werkdagen", "2026-11-30T08:00:00+01:00");
}

Test(date, deadline_from_non_working_day_starts_next_working_day)
{
	/* Saturday + 1 werkdag ends at Tuesday 00:00, the end of Monday. */
	assert_deadline("2026-11-28T15:00:00+01:00", "1 werkdag", "2026-12-01T00:00:00+01:00");
	assert_deadline("2026-11-29T23:59:00+01:00", "1 werkdag", "2026-12-01T00:00:00+01:00");
	/* Eerste Kerstdag (a Friday) + 1 werkdag: counts from Monday 28th, ends Tuesday 00:00. */
	assert_deadline("2026-12-25T11:00:00+01:00", "1 werkdag", "2026-12-29T00:00:00+01:00");
}

Test(date, deadline_in_workdays_skips_holidays)
{
	/* Kerst 2026: Friday 25th and Saturday 26th. */
	assert_deadline("2026-12-24T14:00:00+01:00", "1 werkdag", "2026-12-28T14:00:00+01:00");
	assert_deadline("2026-12-24T14:00:00+01:00", "3 werkdagen", "2026-12-30T14:00:00+01:00");
	/* Nieuwjaarsdag 2027 is a Friday. */
	assert_deadline("2026-12-31T09:15:00+01:00", "1 werkdag", "2027-01-04T09:15:00+01:00");
	/* Koningsdag 2026 is Monday 27 April. */
	assert_deadline("2026-04-24T09:00:00+02:00", "1 werkdag", "2026-04-28T09:00:00+02:00");
	/* Bevrijdingsdag: Tuesday 5 May 2026. */
	assert_deadline("2026-05-04T09:00:00+02:00", "1 werkdag", "2026-05-06T09:00:00+02:00");
	/* Hemelvaartsdag: Thursday 14 May 2026. */
	assert_deadline("2026-05-13T12:00:00+02:00", "1 werkdag", "2026-05-15T12:00:00+02:00");
	/* Tweede Paasdag: Monday 6 April 2026. */
	assert_deadline("2026-04-02T10:00:00+02:00", "2 werkdagen", "2026-04-07T10:00:00+02:00");
}

Test(date, deadline_in_workdays_keeps_local_time_over_dst)
{
	int64_t start = T("2026-03-27T10:00:00+01:00");
	wt_duration d = {0, 1};

	assert_deadline("2026-03-27T10:00:00+01:00", "1 werkdag", "2026-03-30T10:00:00+02:00");
	cr_assert_eq(wt_deadline_add(start, d) - start, (int64_t)3 * 24 * 3600 - 3600);
	start = T("2026-10-23T10:00:00+02:00");
	assert_deadline("2026-10-23T10:00:00+02:00", "1 werkdag", "2026-10-26T10:00:00+01:00");
	cr_assert_eq(wt_deadline_add(start, d) - start, (int64_t)3 * 24 * 3600 + 3600);
}

Test(date, deadline_of_zero_duration_is_start)
{
	wt_duration d = {0, 0};
	int64_t start = T("2026-11-28T15:00:00+01:00");

	cr_assert_eq(wt_deadline_add(start, d), start);
}
