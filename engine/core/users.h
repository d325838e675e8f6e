/* users.h: who may act: users.yaml (SPEC section 2, "The data directory"). */
#ifndef WT_USERS_H
#define WT_USERS_H

#include <stddef.h>

#include "error.h"
#include "tree.h"

#define WT_USERS_MAX 10000

/* The roles a user holds in one city (the workflow's gemeente key). */
typedef struct wt_user_city {
	char *city;
	char **roles;
	size_t n_roles;
} wt_user_city;

typedef struct wt_user {
	char *id;
	char *naam;
	char *email;
	char *organisatie;
	wt_user_city *cities;
	size_t n_cities;
	int line, column;
} wt_user;

typedef struct wt_users {
	wt_user *items;
	size_t count;
} wt_users;

/*
 * Reads users.yaml. Validates the form: gebruikers is a list; each user has id (letters,
 * digits, '.', '-', '_'), naam, email, organisatie and rollen (a map of city key to a list of
 * role names); ids are unique; no unknown keys. Whether the cities and roles exist is checked
 * by the caller against the workflows (wt_users_check_roles). 0, -WT_EINPUT, -WT_EENV.
 */
int wt_users_parse(wt_users **out, const wt_doc *doc, wt_error *err);
void wt_users_free(wt_users *u);

/* The user with this id (borrowed), or NULL. */
const wt_user *wt_users_find(const wt_users *u, const char *id);
/* The roles in a city (borrowed), or NULL with *n = 0. */
const char *const *wt_user_roles(const wt_user *user, const char *city, size_t *n);
/* 1 when the id is well-formed. */
int wt_user_id_valid(const char *id);

#endif
