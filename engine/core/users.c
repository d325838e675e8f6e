/* users.c: parsing and looking up users.yaml. */
#include "users.h"

#include "event.h"

#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const user_keys[] = {"id", "naam", "email", "organisatie", "rollen", NULL};

int wt_user_id_valid(const char *id)
{
	size_t i, n = strlen(id);

	if (n == 0 || n > 63)
		return 0;
	for (i = 0; i < n; i++) {
		char c = id[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

static int fail_at(wt_error *err, const wt_doc *doc, const wt_node *n, const char *field,
		   const char *key, const char *msg)
{
	wt_error_set(err, WT_EINPUT, key, "%s", msg);
	wt_error_at(err, doc->file, n ? n->line : 0, n ? n->column : 0, field);
	return -WT_EINPUT;
}

static int text_field(char **out, const wt_doc *doc, const wt_node *user, const char *key,
		      const char *path, wt_error *err)
{
	const wt_node *n = wt_map_get(user, key);
	char field[96];

	snprintf(field, sizeof(field), "%s.%s", path, key);
	if (n == NULL || n->kind != WT_NODE_SCALAR || n->len == 0)
		return fail_at(err, doc, n ? n : user, field, "ontbrekend_veld",
			       "Dit veld ontbreekt of is leeg; vul een tekst in.");
	*out = wt_strdup(n->value);
	return *out ? 0 : wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
}

static int parse_cities(wt_user *u, const wt_doc *doc, const wt_node *rollen, const char *path,
			wt_error *err)
{
	size_t i, j;
	char field[128];

	snprintf(field, sizeof(field), "%s.rollen", path);
	if (rollen == NULL || rollen->kind != WT_NODE_MAP)
		return fail_at(err, doc, rollen, field, "ongeldig_veld",
			       "'rollen' moet per gemeente een lijst met rollen geven, "
			       "bijvoorbeeld 'rotterdam: [verzoeker]'.");
	u->cities = calloc(rollen->count ? rollen->count : 1, sizeof(*u->cities));
	if (u->cities == NULL)
		return wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
	for (i = 0; i < rollen->count; i++) {
		const wt_node *list = rollen->items[i];
		wt_user_city *c = &u->cities[u->n_cities++];

		snprintf(field, sizeof(field), "%s.rollen.%s", path, rollen->keys[i]);
		c->city = wt_strdup(rollen->keys[i]);
		if (c->city == NULL)
			return wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
		if (list->kind != WT_NODE_SEQ)
			return fail_at(err, doc, list, field, "ongeldig_veld",
				       "Geef de rollen als lijst, bijvoorbeeld [verzoeker].");
		c->roles = calloc(list->count ? list->count : 1, sizeof(char *));
		if (c->roles == NULL)
			return wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
		for (j = 0; j < list->count; j++) {
			if (list->items[j]->kind != WT_NODE_SCALAR || list->items[j]->len == 0)
				return fail_at(err, doc, list->items[j], field, "ongeldig_veld",
					       "Een rol is een naam uit de workflow van deze gemeente.");
			c->roles[c->n_roles] = wt_strdup(list->items[j]->value);
			if (c->roles[c->n_roles] == NULL)
				return wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
			c->n_roles++;
		}
	}
	return 0;
}

static int parse_user(wt_user *u, const wt_doc *doc, const wt_node *n, size_t index,
		      wt_error *err)
{
	char path[48];
	size_t i;
	int rc;

	snprintf(path, sizeof(path), "gebruikers[%zu]", index + 1);
	u->line = n->line;
	u->column = n->column;
	if (n->kind != WT_NODE_MAP)
		return fail_at(err, doc, n, path, "ongeldig_veld",
			       "Elke gebruiker is een groep met id, naam, email, organisatie en rollen.");
	for (i = 0; i < n->count; i++) {
		char field[96];
		const char *hint;
		size_t k;
		int known = 0;

		for (k = 0; user_keys[k]; k++)
			if (strcmp(user_keys[k], n->keys[i]) == 0)
				known = 1;
		if (known)
			continue;
		snprintf(field, sizeof(field), "%s.%s", path, n->keys[i]);
		hint = NULL;
		for (k = 0; user_keys[k] && !hint; k++)
			if (strncmp(user_keys[k], n->keys[i], 3) == 0)
				hint = user_keys[k];
		wt_error_set(err, WT_EINPUT, "onbekend_veld", "Onbekend veld '%s'.%s%s%s", n->keys[i],
			     hint ? " Bedoelde u '" : "", hint ? hint : "", hint ? "'?" : "");
		wt_error_at(err, doc->file, n->key_line[i], n->key_column[i], field);
		return -WT_EINPUT;
	}
	if ((rc = text_field(&u->id, doc, n, "id", path, err)) < 0 ||
	    (rc = text_field(&u->naam, doc, n, "naam", path, err)) < 0 ||
	    (rc = text_field(&u->email, doc, n, "email", path, err)) < 0 ||
	    (rc = text_field(&u->organisatie, doc, n, "organisatie", path, err)) < 0)
		return rc;
	if (!wt_user_id_valid(u->id))
		return fail_at(err, doc, wt_map_get(n, "id"), path, "ongeldig_veld",
			       "Een gebruikers-id bestaat uit letters, cijfers, '.', '-' of '_' "
			       "(hoogstens 63 tekens).");
	if (strcmp(u->id, WT_SYSTEM_ACTOR) == 0)
		return fail_at(err, doc, wt_map_get(n, "id"), path, "gereserveerde_naam",
			       "De id '" WT_SYSTEM_ACTOR "' is voor weegteam zelf (termijnmeldingen van "
			       "'weegteam tick'); kies een andere id.");
	return parse_cities(u, doc, wt_map_get(n, "rollen"), path, err);
}

int wt_users_parse(wt_users **out, const wt_doc *doc, wt_error *err)
{
	const wt_node *list;
	wt_users *u;
	size_t i, j;
	int rc = 0;

	*out = NULL;
	if (doc->root == NULL || doc->root->kind != WT_NODE_MAP)
		return fail_at(err, doc, doc->root, "", "ongeldig_bestand",
			       "users.yaml moet beginnen met 'gebruikers:' en een lijst gebruikers.");
	for (i = 0; i < doc->root->count; i++)
		if (strcmp(doc->root->keys[i], "gebruikers") != 0) {
			wt_error_set(err, WT_EINPUT, "onbekend_veld",
				     "Onbekend veld '%s'; users.yaml kent alleen 'gebruikers'.",
				     doc->root->keys[i]);
			wt_error_at(err, doc->file, doc->root->key_line[i], doc->root->key_column[i],
				    doc->root->keys[i]);
			return -WT_EINPUT;
		}
	list = wt_map_get(doc->root, "gebruikers");
	if (list == NULL || list->kind != WT_NODE_SEQ)
		return fail_at(err, doc, list ? list : doc->root, "gebruikers", "ongeldig_veld",
			       "'gebruikers' moet een lijst zijn.");
	if (list->count > WT_USERS_MAX)
		return fail_at(err, doc, list, "gebruikers", "te_groot", "Te veel gebruikers.");
	u = calloc(1, sizeof(*u));
	if (u == NULL || (u->items = calloc(list->count ? list->count : 1, sizeof(wt_user))) == NULL) {
		free(u);
		return wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
	}
	for (i = 0; i < list->count && rc == 0; i++) {
		u->count++;
		rc = parse_user(&u->items[i], doc, list->items[i], i, err);
		for (j = 0; rc == 0 && j < i; j++)
			if (strcmp(u->items[j].id, u->items[i].id) == 0) {
				char field[48];
				snprintf(field, sizeof(field), "gebruikers[%zu].id", i + 1);
				wt_error_set(err, WT_EINPUT, "dubbele_gebruiker",
					     "De gebruiker '%s' staat twee keer in de lijst (eerder op regel %d).",
					     u->items[i].id, u->items[j].line);
				wt_error_at(err, doc->file, list->items[i]->line,
					    list->items[i]->column, field);
				rc = -WT_EINPUT;
			}
	}
	if (rc < 0) {
		wt_users_free(u);
		return rc;
	}
	*out = u;
	return 0;
}

void wt_users_free(wt_users *u)
{
	size_t i, j, k;

	if (u == NULL)
		return;
	for (i = 0; i < u->count; i++) {
		wt_user *x = &u->items[i];
		free(x->id);
		free(x->naam);
		free(x->email);
		free(x->organisatie);
		for (j = 0; j < x->n_cities; j++) {
			for (k = 0; k < x->cities[j].n_roles; k++)
				free(x->cities[j].roles[k]);
			free(x->cities[j].roles);
			free(x->cities[j].city);
		}
		free(x->cities);
	}
	free(u->items);
	free(u);
}

const wt_user *wt_users_find(const wt_users *u, const char *id)
{
	size_t i;

	for (i = 0; u != NULL && i < u->count; i++)
		if (strcmp(u->items[i].id, id) == 0)
			return &u->items[i];
	return NULL;
}

const char *const *wt_user_roles(const wt_user *user, const char *city, size_t *n)
{
	size_t i;

	*n = 0;
	for (i = 0; user != NULL && i < user->n_cities; i++)
		if (strcmp(user->cities[i].city, city) == 0) {
			*n = user->cities[i].n_roles;
			return (const char *const *)user->cities[i].roles;
		}
	return NULL;
}
