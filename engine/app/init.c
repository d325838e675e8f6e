/* init.c: creating a data directory, and maintain. */
#include "app.h"

#include "core/verzoek.h"

#include "yaml/yaml_load.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int write_file(const char *path, const char *data, size_t len, wt_error *err)
{
	FILE *f = fopen(path, "wx");
	int ok;

	if (f == NULL)
		return wt_error_set(err, WT_EENV, "schrijffout", "Kan '%s' niet aanmaken (%s).", path,
				    strerror(errno));
	ok = fwrite(data, 1, len, f) == len;
	ok = (fflush(f) == 0) && ok;
	ok = (fsync(fileno(f)) == 0) && ok;
	ok = (fclose(f) == 0) && ok;
	return ok ? 0 : wt_error_set(err, WT_EENV, "schrijffout", "Kan '%s' niet schrijven.", path);
}

static int dir_is_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int empty = 1;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			empty = 0;
	closedir(d);
	return empty;
}

/* An example user for a role (and organisation, for the roles that submit). */
static int add_user(wt_buf *b, const wt_workflow *wf, const wt_wf_role *role, const char *org)
{
	char id[64];
	int rc;

	if (org != NULL)
		snprintf(id, sizeof(id), "%s-%s-%s", wf->gemeente, role->key, org);
	else
		snprintf(id, sizeof(id), "%s-%s", wf->gemeente, role->key);
	rc = wt_buf_printf(b, "  - id: %s\n    naam: ", id);
	rc |= wt_buf_add_yaml_str(b, role->naam);
	rc |= wt_buf_printf(b, "\n    email: %s@example.nl\n    organisatie: %s\n", id,
			    org ? org : (role->organisatie ? "zie-rol" : "gemeente"));
	rc |= wt_buf_printf(b, "    rollen:\n      %s: [%s]\n", wf->gemeente, role->key);
	return rc;
}

static int example_users(wt_app *app, wt_buf *b)
{
	size_t i, j, k;
	int rc = wt_buf_addstr(b,
			       "# Gebruikers van deze datamap: wie mag handelen, in welke gemeente, in welke rol.\n"
			       "# Dit is een VOORBEELD met één fictieve gebruiker per rol van elke meegeleverde\n"
			       "# workflow (voor de rollen die indienen: één per organisatie die mag indienen).\n"
			       "# Vervang de voorbeelden door echte medewerkers voordat u de datamap gebruikt.\n"
			       "gebruikers:\n");

	for (i = 0; rc == 0 && i < app->n_workflows; i++) {
		const wt_workflow *wf = app->workflows[i];
		for (j = 0; rc == 0 && j < wf->n_rollen; j++) {
			const wt_wf_role *role = &wf->rollen[j];
			int submits = 0;
			for (k = 0; k < wf->n_indienen_rollen; k++)
				if (strcmp(wf->indienen_rollen[k], role->key) == 0)
					submits = 1;
			if (submits)
				for (k = 0; rc == 0 && k < wf->n_indieners; k++)
					rc = add_user(b, wf, role, wf->indieners[k]);
			/* A role through which other organisations file (indienen.anderen): one
			 * example user per organisation the city does not accept directly. */
			for (k = 0; k < wf->n_anderen_rollen; k++)
				if (strcmp(wf->anderen_rollen[k], role->key) == 0)
					submits |= 2;
			if (submits & 2)
				for (k = 0; rc == 0 && wt_verzoek_organisaties[k] != NULL; k++)
					if (!wt_workflow_accepts(wf, wt_verzoek_organisaties[k]))
						rc = add_user(b, wf, role, wt_verzoek_organisaties[k]);
			if (!submits)
				rc = add_user(b, wf, role, NULL);
		}
	}
	return rc;
}

/* mkdir -p: creates dir and missing parents (parents 0755, the data directory itself 0700). */
static int make_dirs(const char *dir)
{
	char path[WT_PATH_MAX];
	size_t i;

	if (wt_strlcpy(path, dir, sizeof(path)) < 0)
		return -1;
	for (i = 1; path[i]; i++)
		if (path[i] == '/') {
			path[i] = '\0';
			if (mkdir(path, 0755) < 0 && errno != EEXIST)
				return -1;
			path[i] = '/';
		}
	return (mkdir(path, 0700) < 0 && errno != EEXIST) ? -1 : 0;
}

int wt_app_init_datadir(const char *dir, wt_error *err)
{
	char share[WT_PATH_MAX], path[WT_PATH_MAX];
	wt_app app;
	wt_buf b;
	wt_store *store = NULL;
	int rc;

	memset(&app, 0, sizeof(app));
	rc = wt_app_share_dir(share, sizeof(share), err);
	if (rc < 0)
		return rc;
	if (make_dirs(dir) < 0)
		return wt_error_set(err, WT_EENV, "schrijffout", "Kan de map '%s' niet aanmaken (%s).", dir,
				    strerror(errno));
	if (!dir_is_empty(dir))
		return wt_error_set(err, WT_EINPUT, "map_niet_leeg",
				    "De map '%s' bestaat al en is niet leeg; kies een nieuwe map.", dir);
	wt_pathf(app.workflows_dir, sizeof(app.workflows_dir), "%s/workflows", share);
	wt_pathf(app.templates_dir, sizeof(app.templates_dir), "%s/templates", share);
	rc = wt_app_workflows(&app, err);
	wt_buf_init(&b, 0);
	if (rc == 0) {
		rc = wt_buf_printf(&b,
				   "# weegteam-datamap: waar de workflows en sjablonen staan.\n"
				   "workflows: %s\ntemplates: %s\n"
				   "# testklok: true laat WEEGTEAM_NU de tijd zetten (alleen voor tests en demo's).\n"
				   "testklok: false\n",
				   app.workflows_dir, app.templates_dir);
		if (rc < 0)
			rc = wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
	}
	if (rc == 0) {
		wt_pathf(path, sizeof(path), "%s/config.yaml", dir);
		rc = write_file(path, b.data, b.len, err);
	}
	wt_buf_reset(&b);
	if (rc == 0 && example_users(&app, &b) < 0)
		rc = wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
	if (rc == 0) {
		wt_pathf(path, sizeof(path), "%s/users.yaml", dir);
		rc = write_file(path, b.data, b.len, err);
	}
	if (rc == 0) {
		wt_pathf(path, sizeof(path), "%s/audit.git", dir);
		rc = wt_audit_init(path, err);
	}
	if (rc == 0) {
		wt_pathf(path, sizeof(path), "%s/index.sqlite", dir);
		rc = wt_store_open(&store, path, err);
		wt_store_free(store);
	}
	wt_buf_release(&b);
	wt_app_workflows_release(&app);
	return rc;
}

int wt_app_maintain(wt_app *app, size_t max_refs, wt_maintain_result *res, wt_error *err)
{
	int rc;

	memset(res, 0, sizeof(*res));
	rc = wt_audit_lock(app->audit, err);
	if (rc < 0)
		return rc;
	rc = wt_audit_remove_debris(app->audit, &res->debris, err);
	if (rc == 0)
		rc = wt_audit_pack(app->audit, &res->loose, err);
	if (rc == 0)
		rc = wt_audit_combine_packs(app->audit, WT_AUDIT_COMBINE_MAX_BYTES, &res->combined, err);
	if (rc == 0)
		rc = wt_audit_pack_refs(app->audit, max_refs, &res->refs, err);
	wt_audit_unlock(app->audit);
	if (rc == 0)
		rc = wt_store_tidy(app->store, err);
	return rc;
}
