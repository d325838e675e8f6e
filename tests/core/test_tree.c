/* test_tree.c: the document tree: builders, deep copy, lookups and scalar readers. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "core/tree.h"

static wt_node *scalar(const char *text, int plain)
{
	wt_node *n = wt_node_new(WT_NODE_SCALAR, 3, 5);

	cr_assert_not_null(n);
	cr_assert_eq(wt_node_set_value(n, text, strlen(text), plain), 0);
	return n;
}

Test(tree, builds_map_and_looks_up_keys)
{
	wt_node *map = wt_node_new(WT_NODE_MAP, 1, 1);

	cr_assert_not_null(map);
	cr_assert_eq(wt_node_append(map, "naam", 2, 3, scalar("Voorbeeld", 1)), 0);
	cr_assert_eq(wt_node_append(map, "leeftijd", 4, 3, scalar("7", 1)), 0);
	cr_assert_eq(map->count, 2);
	cr_assert_str_eq(map->keys[1], "leeftijd");
	cr_assert_eq(map->key_line[1], 4);
	cr_assert_eq(map->key_column[1], 3);
	cr_assert_eq(wt_map_index(map, "leeftijd"), 1);
	cr_assert_eq(wt_map_index(map, "adres"), -1);
	cr_assert_str_eq(wt_node_str(wt_map_get(map, "naam")), "Voorbeeld");
	cr_assert_null(wt_map_get(map, "adres"));
	cr_assert_null(wt_map_get(NULL, "naam"));
	cr_assert_null(wt_node_str(map));
	wt_node_free(map);
}

Test(tree, map_append_needs_a_key_and_scalar_takes_no_children)
{
	wt_node *map = wt_node_new(WT_NODE_MAP, 1, 1);
	wt_node *s = scalar("x", 1);
	wt_node *child = scalar("y", 1);

	cr_assert_lt(wt_node_append(map, NULL, 0, 0, child), 0);
	cr_assert_lt(wt_node_append(s, NULL, 0, 0, child), 0);
	cr_assert_lt(wt_node_set_value(map, "x", 1, 1), 0);
	wt_node_free(child);
	wt_node_free(s);
	wt_node_free(map);
}

Test(tree, seq_grows_to_many_items_in_order)
{
	wt_node *seq = wt_node_new(WT_NODE_SEQ, 1, 1);
	char text[32];
	size_t i;

	for (i = 0; i < 10000; i++) {
		snprintf(text, sizeof(text), "%zu", i);
		cr_assert_eq(wt_node_append(seq, NULL, 0, 0, scalar(text, 1)), 0);
	}
	cr_assert_eq(seq->count, 10000);
	cr_assert_null(seq->keys);
	cr_assert_str_eq(seq->items[9999]->value, "9999");
	cr_assert_str_eq(seq->items[4]->value, "4");
	cr_assert_null(wt_map_get(seq, "0"));
	wt_node_free(seq);
}

Test(tree, new_scalar_is_empty_plain_and_value_may_hold_len_bytes_only)
{
	wt_node *n = wt_node_new(WT_NODE_SCALAR, 2, 9);

	cr_assert_str_eq(wt_node_str(n), "");
	cr_assert(wt_node_is_null(n));
	cr_assert_eq(n->line, 2);
	cr_assert_eq(n->column, 9);
	cr_assert_eq(wt_node_set_value(n, "abcdef", 3, 0), 0);
	cr_assert_str_eq(n->value, "abc");
	cr_assert_eq(n->len, 3);
	cr_assert_eq(n->plain, 0);
	wt_node_free(n);
}

Test(tree, clone_is_deep_and_independent)
{
	wt_node *map = wt_node_new(WT_NODE_MAP, 1, 1);
	wt_node *seq = wt_node_new(WT_NODE_SEQ, 2, 3);
	wt_node *copy;

	cr_assert_eq(wt_node_append(seq, NULL, 0, 0, scalar("a", 0)), 0);
	cr_assert_eq(wt_node_append(map, "lijst", 2, 1, seq), 0);
	copy = wt_node_clone(map);
	cr_assert_not_null(copy);
	cr_assert_neq(copy, map);
	cr_assert_neq(copy->items[0], seq);
	cr_assert_str_eq(copy->keys[0], "lijst");
	cr_assert_eq(copy->key_line[0], 2);
	cr_assert_str_eq(copy->items[0]->items[0]->value, "a");
	cr_assert_eq(copy->items[0]->items[0]->plain, 0);
	wt_node_free(map);
	cr_assert_str_eq(copy->items[0]->items[0]->value, "a");
	wt_node_free(copy);
	cr_assert_null(wt_node_clone(NULL));
}

Test(tree, free_null_is_a_noop)
{
	wt_node_free(NULL);
	wt_doc_free(NULL);
}

Test(tree, doc_owns_name_and_root)
{
	wt_doc *doc = wt_doc_new("verzoek.yaml");

	cr_assert_not_null(doc);
	cr_assert_str_eq(doc->file, "verzoek.yaml");
	doc->root = wt_node_new(WT_NODE_MAP, 1, 1);
	wt_doc_free(doc);
}

Test(tree, bool_accepts_dutch_and_english_in_any_case)
{
	const char *yes[] = {"true", "TRUE", "True", "ja", "Ja", "JA"};
	const char *no[] = {"false", "FALSE", "nee", "Nee", "NEE"};
	wt_node *n;
	int v;
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		n = scalar(yes[i], 1);
		v = -1;
		cr_assert_eq(wt_node_bool(n, &v), 0, "%s", yes[i]);
		cr_assert_eq(v, 1);
		wt_node_free(n);
	}
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		n = scalar(no[i], 1);
		v = -1;
		cr_assert_eq(wt_node_bool(n, &v), 0, "%s", no[i]);
		cr_assert_eq(v, 0);
		wt_node_free(n);
	}
}

Test(tree, bool_refuses_quoted_other_words_and_non_scalars)
{
	const char *bad[] = {"yes", "no", "1", "0", "", "waar", "ja ", "jaa"};
	wt_node *n;
	int v = 7;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		n = scalar(bad[i], 1);
		cr_assert_eq(wt_node_bool(n, &v), -1, "'%s'", bad[i]);
		wt_node_free(n);
	}
	n = scalar("true", 0);
	cr_assert_eq(wt_node_bool(n, &v), -1);
	wt_node_free(n);
	n = wt_node_new(WT_NODE_MAP, 1, 1);
	cr_assert_eq(wt_node_bool(n, &v), -1);
	wt_node_free(n);
	cr_assert_eq(wt_node_bool(NULL, &v), -1);
	cr_assert_eq(v, 7);
}

Test(tree, null_only_for_plain_null_words_and_empty)
{
	const char *nulls[] = {"~", "null", "Null", "NULL", ""};
	const char *not_null[] = {"nUll", "none", "0", "nil", " "};
	wt_node *n;
	size_t i;

	for (i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++) {
		n = scalar(nulls[i], 1);
		cr_assert(wt_node_is_null(n), "'%s'", nulls[i]);
		wt_node_free(n);
		n = scalar(nulls[i], 0);
		cr_assert_not(wt_node_is_null(n), "quoted '%s'", nulls[i]);
		wt_node_free(n);
	}
	for (i = 0; i < sizeof(not_null) / sizeof(not_null[0]); i++) {
		n = scalar(not_null[i], 1);
		cr_assert_not(wt_node_is_null(n), "'%s'", not_null[i]);
		wt_node_free(n);
	}
	n = wt_node_new(WT_NODE_SEQ, 1, 1);
	cr_assert_not(wt_node_is_null(n));
	wt_node_free(n);
	cr_assert_not(wt_node_is_null(NULL));
}

Test(tree, int_reads_signed_decimal_within_range)
{
	const struct {
		const char *text;
		long long want;
	} ok[] = {
		{"0", 0},
		{"42", 42},
		{"+5", 5},
		{"-3", -3},
		{"007", 7},
		{"9223372036854775807", 9223372036854775807LL},
		{"-9223372036854775808", -9223372036854775807LL - 1},
	};
	wt_node *n;
	long long v;
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		n = scalar(ok[i].text, 1);
		cr_assert_eq(wt_node_int(n, &v), 0, "%s", ok[i].text);
		cr_assert_eq(v, ok[i].want, "%s", ok[i].text);
		wt_node_free(n);
	}
}

Test(tree, int_refuses_overflow_and_non_decimal)
{
	const char *bad[] = {"9223372036854775808", "-9223372036854775809",
			     "99999999999999999999999", "", "+", "-", "1.5", " 1", "1 ", "0x10",
			     "1e3", "12a", "--1", "١٢"};
	wt_node *n;
	long long v = 99;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		n = scalar(bad[i], 1);
		cr_assert_eq(wt_node_int(n, &v), -1, "'%s'", bad[i]);
		wt_node_free(n);
	}
	n = scalar("12", 0);
	cr_assert_eq(wt_node_int(n, &v), -1, "quoted");
	wt_node_free(n);
	cr_assert_eq(wt_node_int(NULL, &v), -1);
	cr_assert_eq(v, 99);
}

Test(tree, kind_names_are_dutch)
{
	wt_node *s = wt_node_new(WT_NODE_SCALAR, 1, 1);
	wt_node *l = wt_node_new(WT_NODE_SEQ, 1, 1);
	wt_node *m = wt_node_new(WT_NODE_MAP, 1, 1);

	cr_assert_str_eq(wt_node_kind_name(s), "tekst");
	cr_assert_str_eq(wt_node_kind_name(l), "lijst");
	cr_assert_str_eq(wt_node_kind_name(m), "groep (sleutels met waarden)");
	cr_assert_str_eq(wt_node_kind_name(NULL), "niets");
	wt_node_free(s);
	wt_node_free(l);
	wt_node_free(m);
}
