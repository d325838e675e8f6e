/* context.c: opening a data directory: config, users, workflows, audit repository, index. */
#include "app.h"

#include "core/catalogue.h"
#include "core/notify.h"
#include "yaml/yaml_load.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int oom(wt_error *err)
{
	return wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
}

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int wt_app_share_dir(char *out, size_t size, wt_error *err)
{
	const char *env = getenv("WEEGTEAM_SHARE");
	char exe[WT_PATH_MAX], probe[WT_PATH_MAX];
	ssize_t n;
	const char *ups[] = {"/..", "/../..", "/../share/weegteam"};
	size_t i;

	if (env != NULL && env[0] != '\0') {
		wt_pathf(probe, sizeof(probe), "%s/workflows", env);
		if (!is_dir(probe))
			return wt_error_set(err, WT_EENV, "geen_share",
					    "WEEGTEAM_SHARE wijst naar '%s', maar daar staat geen map workflows.",
					    env);
		return wt_strlcpy(out, env, size) < 0 ? wt_error_set(err, WT_EENV, "pad_te_lang", "Pad te lang.") : 0;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash != NULL)
			*slash = '\0';
		for (i = 0; i < sizeof(ups) / sizeof(ups[0]); i++) {
			char dir[WT_PATH_MAX];
			if ((size_t)wt_pathf(dir, sizeof(dir), "%s%s", exe, ups[i]) >= sizeof(dir))
				continue;
			if ((size_t)wt_pathf(probe, sizeof(probe), "%s/workflows", dir) >= sizeof(probe))
				continue;
			if (is_dir(probe) && realpath(dir, probe) != NULL)
				return wt_strlcpy(out, probe, size) < 0 ? wt_error_set(err, WT_EENV, "pad_te_lang", "Pad te lang.") : 0;
		}
	}
#ifdef WT_PREFIX
	wt_pathf(probe, sizeof(probe), "%s/share/weegteam", WT_PREFIX);
	if (is_dir(probe))
		return wt_strlcpy(out, probe, size) < 0 ? -WT_EENV : 0;
#endif
	return wt_error_set(err, WT_EENV, "geen_share",
			    "De meegeleverde workflows zijn niet gevonden; zet WEEGTEAM_SHARE op de map "
			    "met workflows/ en templates/.");
}

int wt_app_default_workflows_dir(char *out, size_t size, wt_error *err)
{
	char share[WT_PATH_MAX];
	int rc = wt_app_share_dir(share, sizeof(share), err);

	if (rc < 0)
		return rc;
	if ((size_t)snprintf(out, size, "%s/workflows", share) >= size)
		return wt_error_set(err, WT_EENV, "pad_te_lang", "Pad te lang.");
	return 0;
}

int wt_pathf(char *out, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(out, size, fmt, ap);
	va_end(ap);
	return (n < 0 || (size_t)n >= size) ? -1 : 0;
}

/* Resolves a config path relative to the data directory. */
static int resolve(char *out, size_t size, const char *base, const char *p)
{
	int n = p[0] == '/' ? snprintf(out, size, "%s", p) : snprintf(out, size, "%s/%s", base, p);

	return (n < 0 || (size_t)n >= size) ? -1 : 0;
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* 1 when dir holds a *.yaml file other than the criteria catalogue (a workflow, probably). */
static int has_workflow_file(DIR *d)
{
	struct dirent *e;

	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.' && has_suffix(e->d_name, ".yaml") &&
		    strcmp(e->d_name, WT_APP_CATALOGUE_FILE) != 0)
			return 1;
	return 0;
}

/*
 * Checks the folder config.yaml names under key (its value v): an existing directory that
 * holds what weegteam reads there (workflows: criteria.yaml and at least one workflow;
 * templates: advies.md). WT_EINPUT naming config.yaml, line, column and field; WT_EENV when
 * the folder or its contents may not be read.
 */
static int check_config_dir(const char *config, const char *key, const wt_node *v, const char *dir,
			    wt_error *err)
{
	const char *need = strcmp(key, "workflows") == 0 ? WT_APP_CATALOGUE_FILE : "advies.md";
	char probe[WT_PATH_MAX];
	struct stat st;
	DIR *d = NULL;
	int e, probe_rc = 0;

	if (stat(dir, &st) != 0) {
		e = errno;
		if (e == EACCES || e == EPERM || e == EIO || e == ENOMEM)
			wt_error_set(err, WT_EENV, "geen_toegang", "De map '%s' kan niet worden gelezen (%s).", dir,
				     strerror(e));
		else
			wt_error_set(err, WT_EINPUT, "geen_map", "De map '%s' bestaat niet.", dir);
	} else if (!S_ISDIR(st.st_mode)) {
		wt_error_set(err, WT_EINPUT, "geen_map", "'%s' is geen map; geef de map met %s.", dir,
			     key[0] == 'w' ? "de workflows" : "de sjablonen");
	} else if (wt_pathf(probe, sizeof(probe), "%s/%s", dir, need) < 0) {
		wt_error_set(err, WT_EINPUT, "pad_te_lang", "Het pad van de map is te lang.");
	} else if ((probe_rc = stat(probe, &st)) != 0 && errno != ENOENT && errno != ENOTDIR) {
		wt_error_set(err, WT_EENV, "geen_toegang", "De map '%s' kan niet worden gelezen (%s).", dir,
			     strerror(errno));
	} else if (probe_rc != 0 || !S_ISREG(st.st_mode)) {
		wt_error_set(err, WT_EINPUT, "geen_map", "In de map '%s' staat geen %s; is dit de map met %s?", dir,
			     need, key[0] == 'w' ? "de workflows" : "de sjablonen");
	} else if (key[0] != 'w') {
		return 0;
	} else if ((d = opendir(dir)) == NULL) {
		wt_error_set(err, WT_EENV, "geen_toegang", "De map '%s' kan niet worden gelezen (%s).", dir,
			     strerror(errno));
	} else if (!has_workflow_file(d)) {
		wt_error_set(err, WT_EINPUT, "geen_workflows", "In de map '%s' staat geen workflow (*.yaml).", dir);
	} else {
		closedir(d);
		return 0;
	}
	if (d != NULL)
		closedir(d);
	wt_error_at(err, config, v->line, v->column, key);
	return -(int)err->code;
}

static int read_config(wt_app *app, wt_error *err)
{
	char path[WT_PATH_MAX];
	wt_doc *doc = NULL;
	const wt_node *r, *dirs[2] = {NULL, NULL};
	size_t i;
	int rc;

	wt_pathf(path, sizeof(path), "%s/config.yaml", app->data_dir);
	rc = wt_yaml_load_file(&doc, path, err);
	if (rc < 0) {
		if (err->code == WT_EINPUT && strcmp(err->key, "bestand_niet_gevonden") == 0)
			return wt_error_set(err, WT_EENV, "geen_datamap",
					    "'%s' is geen weegteam-datamap (config.yaml ontbreekt); maak er "
					    "een met 'weegteam init %s'.",
					    app->data_dir, app->data_dir);
		return rc;
	}
	r = doc->root;
	rc = 0;
	if (r == NULL || r->kind != WT_NODE_MAP) {
		rc = wt_error_set(err, WT_EINPUT, "ongeldig_bestand", "config.yaml moet sleutels met waarden bevatten.");
		wt_error_at(err, path, 1, 1, NULL);
	}
	for (i = 0; rc == 0 && i < r->count; i++) {
		const char *k = r->keys[i];
		const wt_node *v = r->items[i];
		const char *s = wt_node_str(v);
		if (strcmp(k, "workflows") == 0 || strcmp(k, "templates") == 0) {
			char *dst = k[0] == 'w' ? app->workflows_dir : app->templates_dir;
			long long number;
			int flag;
			/* A folder is text: not null, true/false or a number (a typo or a missing value). */
			if (s == NULL || s[0] == '\0' || wt_node_is_null(v) || wt_node_bool(v, &flag) == 0 ||
			    wt_node_int(v, &number) == 0 || resolve(dst, WT_PATH_MAX, app->data_dir, s) < 0) {
				rc = wt_error_set(err, WT_EINPUT, "ongeldig_veld",
						  "Geef hier een map op, als tekst (bijvoorbeeld %s: /usr/share/weegteam/%s).",
						  k, k);
				wt_error_at(err, path, v->line, v->column, k);
			}
			dirs[k[0] == 'w' ? 0 : 1] = v;
		} else if (strcmp(k, "testklok") == 0) {
			if (wt_node_bool(v, &app->test_clock) < 0) {
				rc = wt_error_set(err, WT_EINPUT, "ongeldig_veld", "Schrijf true of false.");
				wt_error_at(err, path, v->line, v->column, k);
			}
		} else {
			rc = wt_error_set(err, WT_EINPUT, "onbekend_veld",
					  "Onbekend veld '%s'; config.yaml kent workflows, templates en testklok.", k);
			wt_error_at(err, path, r->key_line[i], r->key_column[i], k);
		}
	}
	if (rc == 0 && app->workflows_dir[0] == '\0') {
		rc = wt_error_set(err, WT_EINPUT, "ontbrekend_veld", "config.yaml noemt geen map met workflows.");
		wt_error_at(err, path, 1, 1, "workflows");
	}
	if (rc == 0)
		rc = check_config_dir(path, "workflows", dirs[0], app->workflows_dir, err);
	if (rc == 0 && dirs[1] != NULL)
		rc = check_config_dir(path, "templates", dirs[1], app->templates_dir, err);
	wt_doc_free(doc);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The file names already loaded (so that a full scan after a lazy load parses no file twice). */
static int file_loaded(const wt_app *app, const char *name)
{
	size_t i;

	for (i = 0; i < app->n_workflows; i++)
		if (strcmp(app->workflow_files[i], name) == 0)
			return 1;
	return 0;
}

/*
 * Loads workflows_dir/name; *out is NULL (and nothing is wrong) when the file is some other
 * kind of document. src receives the bytes parsed and their blob id. Errors name the file,
 * line and column.
 */
static int load_workflow_file(wt_app *app, const char *name, wt_workflow **out,
			      wt_app_wf_source *src, wt_error *err)
{
	char path[WT_PATH_MAX];
	wt_doc *doc = NULL;
	const char *soort;
	int rc;

	*out = NULL;
	memset(src, 0, sizeof(*src));
	wt_pathf(path, sizeof(path), "%s/%s", app->workflows_dir, name);
	rc = wt_yaml_load_file_raw(&doc, path, &src->raw, &src->len, err);
	if (rc < 0)
		return rc;
	soort = wt_node_str(wt_map_get(doc->root, "soort"));
	if (soort != NULL && strcmp(soort, "workflow") == 0)
		rc = wt_workflow_parse(out, doc, err);
	wt_doc_free(doc);
	if (rc == 0 && *out != NULL)
		rc = wt_audit_hash(src->raw, src->len, src->blob, err);
	if (rc < 0 || *out == NULL) {
		wt_workflow_free(*out);
		*out = NULL;
		free(src->raw);
		memset(src, 0, sizeof(*src));
	}
	return rc;
}

/* Adds a parsed workflow and its source (taking both) under its file name. */
static int remember_workflow(wt_app *app, wt_workflow *wf, wt_app_wf_source *src,
			     const char *name, wt_error *err)
{
	size_t n = app->n_workflows + 1;
	wt_workflow **w = realloc(app->workflows, n * sizeof(*w));
	char **f = w ? realloc(app->workflow_files, n * sizeof(*f)) : NULL;
	wt_app_wf_source *r = f ? realloc(app->workflow_src, n * sizeof(*r)) : NULL;
	char *copy = r ? wt_strdup(name) : NULL;

	if (w != NULL)
		app->workflows = w;
	if (f != NULL)
		app->workflow_files = f;
	if (r != NULL)
		app->workflow_src = r;
	if (copy == NULL) {
		wt_workflow_free(wf);
		free(src->raw);
		return oom(err);
	}
	app->workflows[app->n_workflows] = wf;
	app->workflow_files[app->n_workflows] = copy;
	app->workflow_src[app->n_workflows++] = *src;
	return 0;
}

const wt_app_wf_source *wt_app_workflow_source(const wt_app *app, const wt_workflow *wf)
{
	size_t i;

	for (i = 0; i < app->n_workflows; i++)
		if (app->workflows[i] == wf)
			return &app->workflow_src[i];
	return NULL;
}

void wt_app_workflows_release(wt_app *app)
{
	size_t i;

	for (i = 0; i < app->n_workflows; i++) {
		wt_workflow_free(app->workflows[i]);
		free(app->workflow_files[i]);
		free(app->workflow_src[i].raw);
	}
	free(app->workflows);
	free(app->workflow_files);
	free(app->workflow_src);
	app->workflows = NULL;
	app->workflow_files = NULL;
	app->workflow_src = NULL;
	app->n_workflows = 0;
	app->workflows_loaded = 0;
}

int wt_app_workflows(wt_app *app, wt_error *err)
{
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, i;
	int rc = 0;

	if (app->workflows_loaded)
		return 0;
	d = opendir(app->workflows_dir);
	if (d == NULL)
		return wt_error_set(err, WT_EENV, "geen_workflows",
				    "De map met workflows '%s' kan niet worden geopend.", app->workflows_dir);
	while ((e = readdir(d)) != NULL) {
		char **p;
		/* The criteria catalogue is read by wt_app_catalogue, not parsed here as well. */
		if (e->d_name[0] == '.' || !has_suffix(e->d_name, ".yaml") ||
		    strcmp(e->d_name, WT_APP_CATALOGUE_FILE) == 0 || file_loaded(app, e->d_name))
			continue;
		p = realloc(names, (n + 1) * sizeof(*names));
		if (p == NULL || (p[n] = wt_strdup(e->d_name)) == NULL) {
			names = p ? p : names;
			rc = oom(err);
			break;
		}
		names = p;
		n++;
	}
	closedir(d);
	if (names != NULL)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; rc == 0 && i < n; i++) {
		wt_workflow *wf = NULL;
		wt_app_wf_source src;

		rc = load_workflow_file(app, names[i], &wf, &src, err);
		if (rc == 0 && wf != NULL)
			rc = remember_workflow(app, wf, &src, names[i], err);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (rc == 0)
		app->workflows_loaded = 1;
	return rc;
}

const wt_workflow *wt_app_workflow_for(wt_app *app, const char *city_or_name)
{
	size_t i;

	for (i = 0; i < app->n_workflows; i++)
		if (strcmp(app->workflows[i]->gemeente, city_or_name) == 0 ||
		    wt_workflow_matches(app->workflows[i], city_or_name))
			return app->workflows[i];
	return NULL;
}

/*
 * The file a city's workflow is expected in: its name in lower case with spaces as hyphens
 * ("Den Haag" -> "den-haag.yaml"). 0 when the name has other characters (then every file is
 * read); the result can never leave the workflows folder.
 */
static int city_file(const char *city, char *out, size_t size)
{
	size_t n = 0;

	for (; *city != '\0'; city++) {
		char c = *city;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		else if (c == ' ')
			c = '-';
		else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return 0;
		if (n + sizeof(".yaml") >= size)
			return 0;
		out[n++] = c;
	}
	if (n == 0)
		return 0;
	memcpy(out + n, ".yaml", sizeof(".yaml"));
	return 1;
}

int wt_app_workflow_get(wt_app *app, const char *city, const wt_workflow **out, wt_error *err)
{
	char name[96], path[WT_PATH_MAX];
	struct stat st;
	int rc;

	*out = wt_app_workflow_for(app, city);
	if (*out != NULL || app->workflows_loaded)
		return 0;
	/* Most commands concern one city: its own file is usually all that must be parsed. */
	if (city_file(city, name, sizeof(name)) && !file_loaded(app, name)) {
		wt_workflow *wf = NULL;
		wt_app_wf_source src;

		wt_pathf(path, sizeof(path), "%s/%s", app->workflows_dir, name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			rc = load_workflow_file(app, name, &wf, &src, err);
			if (rc == 0 && wf != NULL)
				rc = remember_workflow(app, wf, &src, name, err);
			if (rc < 0)
				return rc;
			*out = wt_app_workflow_for(app, city);
			if (*out != NULL)
				return 0;
		}
	}
	rc = wt_app_workflows(app, err);
	if (rc == 0)
		*out = wt_app_workflow_for(app, city);
	return rc;
}

int wt_catalogue_load_default(struct wt_catalogue **out, const char *workflows_dir, wt_error *err)
{
	char path[WT_PATH_MAX];
	wt_doc *doc = NULL;
	int rc;

	wt_pathf(path, sizeof(path), "%s/%s", workflows_dir, WT_APP_CATALOGUE_FILE);
	rc = wt_yaml_load_file(&doc, path, err);
	if (rc < 0)
		return rc;
	rc = wt_catalogue_parse(out, doc, err);
	wt_doc_free(doc);
	return rc;
}

int wt_app_catalogue(wt_app *app, struct wt_catalogue **out, wt_error *err)
{
	int rc = 0;

	if (app->catalogue == NULL)
		rc = wt_catalogue_load_default(&app->catalogue, app->workflows_dir, err);
	*out = app->catalogue;
	return rc;
}

/*
 * Every city and role the actor holds in users.yaml must exist in the current workflows.
 * Checked for the acting user only, so that a command reads just the workflows it needs, and
 * so that a mistake in one colleague's entry does not stop everyone else: that user is
 * refused, with the line of their entry, as soon as they act.
 */
static int check_actor_roles(wt_app *app, wt_error *err)
{
	const wt_user *u = app->actor;
	char path[WT_PATH_MAX];
	size_t j, k;
	int rc;

	if (u == NULL)
		return 0;
	wt_pathf(path, sizeof(path), "%s/users.yaml", app->data_dir);
	for (j = 0; j < u->n_cities; j++) {
		const wt_workflow *wf = NULL;

		rc = wt_app_workflow_get(app, u->cities[j].city, &wf, err);
		if (rc < 0)
			return rc;
		if (wf == NULL) {
			wt_error_set(err, WT_EINPUT, "onbekende_gemeente",
				     "Gebruiker '%s' heeft rollen in '%s', maar daarvoor is geen workflow.",
				     u->id, u->cities[j].city);
			wt_error_at(err, path, u->line, u->column, "rollen");
			return -WT_EINPUT;
		}
		for (k = 0; k < u->cities[j].n_roles; k++)
			if (wt_workflow_role(wf, u->cities[j].roles[k]) == NULL) {
				wt_error_set(err, WT_EINPUT, "onbekende_rol",
					     "Gebruiker '%s' heeft de rol '%s' in %s, maar die workflow kent die rol niet.",
					     u->id, u->cities[j].roles[k], wf->naam);
				wt_error_at(err, path, u->line, u->column, "rollen");
				return -WT_EINPUT;
			}
	}
	return 0;
}

static int load_users(wt_app *app, wt_error *err)
{
	char path[WT_PATH_MAX];
	wt_doc *doc = NULL;
	int rc;

	wt_pathf(path, sizeof(path), "%s/users.yaml", app->data_dir);
	rc = wt_yaml_load_file(&doc, path, err);
	if (rc < 0)
		return rc;
	rc = wt_users_parse(&app->users, doc, err);
	wt_doc_free(doc);
	return rc;
}

static int resolve_actor(wt_app *app, const char *actor_id, int need_actor, wt_error *err)
{
	const char *id = actor_id;

	if (id == NULL || id[0] == '\0')
		id = getenv("WEEGTEAM_USER");
	if (id == NULL || id[0] == '\0') {
		struct passwd *pw = getpwuid(getuid());
		id = pw ? pw->pw_name : "";
	}
	wt_strlcpy(app->actor_id, id, sizeof(app->actor_id));
	app->actor = wt_users_find(app->users, id);
	if (app->actor == NULL && need_actor) {
		wt_error_set(err, WT_EINPUT, "onbekende_gebruiker",
			     "De gebruiker '%s' staat niet in users.yaml van deze datamap; kies een "
			     "gebruiker met --as of WEEGTEAM_USER.",
			     id);
		return -WT_EINPUT;
	}
	return 0;
}

static int resolve_now(wt_app *app, wt_error *err)
{
	const char *nu = getenv("WEEGTEAM_NU");

	app->now = (int64_t)time(NULL);
	if (nu == NULL || nu[0] == '\0')
		return 0;
	if (!app->test_clock)
		return wt_error_set(err, WT_EINPUT, "testklok_uit",
				    "WEEGTEAM_NU is gezet, maar deze datamap staat geen testklok toe "
				    "(config.yaml: testklok: true).");
	if (wt_time_parse(&app->now, nu) < 0)
		return wt_error_set(err, WT_EINPUT, "ongeldige_tijd",
				    "WEEGTEAM_NU moet een tijd zijn als 2026-11-28T10:00:00+01:00.");
	return 0;
}

static int open_app(wt_app **out, const char *data_dir, const char *actor_id, int need_actor,
		    int sync, wt_error *err)
{
	wt_app *app = calloc(1, sizeof(*app));
	char path[WT_PATH_MAX];
	int rc;

	*out = NULL;
	if (app == NULL)
		return oom(err);
	if (strlen(data_dir) > WT_PATH_MAX - 64 ||
	    wt_strlcpy(app->data_dir, data_dir, sizeof(app->data_dir)) < 0) {
		free(app);
		return wt_error_set(err, WT_EINPUT, "pad_te_lang", "Het pad van de datamap is te lang.");
	}
	rc = read_config(app, err);
	if (rc == 0)
		rc = resolve_now(app, err);
	if (rc == 0)
		rc = load_users(app, err);
	if (rc == 0)
		rc = resolve_actor(app, actor_id, need_actor, err);
	if (rc == 0)
		rc = check_actor_roles(app, err);
	if (rc == 0) {
		wt_pathf(path, sizeof(path), "%s/audit.git", app->data_dir);
		rc = wt_audit_open(&app->audit, path, err);
	}
	if (rc == 0) {
		wt_pathf(path, sizeof(path), "%s/index.sqlite", app->data_dir);
		rc = wt_store_open(&app->store, path, err);
	}
	if (rc == 0)
		rc = wt_app_notify_load(app, err);
	if (rc == 0 && sync)
		rc = wt_app_sync(app, err);
	if (rc < 0) {
		wt_app_free(app);
		return rc;
	}
	*out = app;
	return 0;
}

int wt_app_open(wt_app **out, const char *data_dir, const char *actor_id, int need_actor,
		wt_error *err)
{
	return open_app(out, data_dir, actor_id, need_actor, 1, err);
}

int wt_app_open_nosync(wt_app **out, const char *data_dir, const char *actor_id, wt_error *err)
{
	return open_app(out, data_dir, actor_id, 0, 0, err);
}

void wt_app_free(wt_app *app)
{

	if (app == NULL)
		return;
	wt_app_workflows_release(app);
	wt_catalogue_free(app->catalogue);
	wt_notify_config_free(app->notify);
	wt_users_free(app->users);
	wt_audit_free(app->audit);
	wt_store_free(app->store);
	free(app);
}

void wt_app_actor(const wt_app *app, const char *city, wt_actor *out)
{
	memset(out, 0, sizeof(*out));
	out->id = app->actor_id;
	if (app->actor == NULL)
		return;
	out->organisatie = app->actor->organisatie;
	out->roles = wt_user_roles(app->actor, city, &out->n_roles);
}

void wt_app_actor_roles(const wt_actor *actor, char *out, size_t size)
{
	wt_buf roles;
	size_t i;

	wt_buf_init(&roles, size - 1);
	for (i = 0; i < actor->n_roles; i++) {
		if (i > 0)
			wt_buf_addch(&roles, ',');
		wt_buf_addstr(&roles, actor->roles[i]);
	}
	wt_strlcpy(out, roles.data ? roles.data : "", size);
	wt_buf_release(&roles);
}
