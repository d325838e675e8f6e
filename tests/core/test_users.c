/* test_users.c: users.yaml parsing and lookups. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/users.h"
#include "yaml/yaml_load.h"

static wt_doc *load(const char *text)
{
	wt_doc *doc = NULL;
	wt_error err;

	cr_assert_eq(wt_yaml_load_buffer(&doc, "users.yaml", text, strlen(text), &err), 0, "%s",
		     err.message);
	return doc;
}

Test(users, parses_users_and_roles_per_city)
{
	wt_doc *doc = load("gebruikers:\n"
			   "  - id: jdevries\n    naam: J. de Vries\n    email: j@example.nl\n"
			   "    organisatie: veilig-thuis\n    rollen:\n      rotterdam: [verzoeker]\n"
			   "      utrecht: [verzoeker, vt-medewerker]\n");
	wt_users *u = NULL;
	wt_error err;
	size_t n;
	const char *const *roles;

	cr_assert_eq(wt_users_parse(&u, doc, &err), 0, "%s", err.message);
	cr_assert_eq(u->count, 1);
	roles = wt_user_roles(wt_users_find(u, "jdevries"), "utrecht", &n);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(roles[1], "vt-medewerker");
	cr_assert_null(wt_user_roles(wt_users_find(u, "jdevries"), "amsterdam", &n));
	cr_assert_null(wt_users_find(u, "iemand"));
	wt_users_free(u);
	wt_doc_free(doc);
}

Test(users, refuses_duplicate_ids_and_unknown_keys)
{
	wt_doc *doc = load("gebruikers:\n"
			   "  - {id: a, naam: A, email: a@example.nl, organisatie: x, rollen: {}}\n"
			   "  - {id: a, naam: B, email: b@example.nl, organisatie: x, rollen: {}}\n");
	wt_users *u = NULL;
	wt_error err;

	cr_assert_eq(wt_users_parse(&u, doc, &err), -WT_EINPUT);
	cr_assert_str_eq(err.key, "dubbele_gebruiker");
	cr_assert_eq(err.line, 3);
	wt_doc_free(doc);
	doc = load("gebruikers:\n  - {id: a, naam: A, emial: a@example.nl, organisatie: x, rollen: {}}\n");
	cr_assert_eq(wt_users_parse(&u, doc, &err), -WT_EINPUT);
	cr_assert_str_eq(err.key, "onbekend_veld");
	cr_assert(strstr(err.message, "emial") != NULL);
	wt_doc_free(doc);
}

Test(users, refuses_bad_ids)
{
	cr_assert(wt_user_id_valid("j.de-vries_2"));
	cr_assert_not(wt_user_id_valid(""));
	cr_assert_not(wt_user_id_valid("a b"));
	cr_assert_not(wt_user_id_valid("../x"));
}

/* "weegteam" is the actor of tick's deadline events; no person may have that id. */
Test(users, the_system_actor_id_is_reserved)
{
	wt_doc *doc = load("gebruikers:\n  - id: weegteam\n    naam: X\n    email: x@example.nl\n"
			   "    organisatie: gemeente\n    rollen:\n      rotterdam: [jurist]\n");
	wt_users *u = NULL;
	wt_error err;

	cr_assert_eq(wt_users_parse(&u, doc, &err), -WT_EINPUT);
	cr_assert_str_eq(err.key, "gereserveerde_naam");
	cr_assert_eq(err.line, 2);
	wt_doc_free(doc);
}
