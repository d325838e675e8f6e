/* main.c: global options and the dispatch table of the weegteam command line. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WT_VERSION "0.1.0"

static const struct {
	const char *name;
	wt_cmd_fn fn;
	const char *help;
} commands[] = {
	{"init", wt_cmd_init, "init [MAP]              maakt een nieuwe datamap"},
	{"check", wt_cmd_check, "check BESTAND...        controleert een verzoek (onderbouwing), dient niets in"},
	{"submit", wt_cmd_submit, "submit BESTAND          dient een verzoek in en geeft het dossiernummer"},
	{"ingest", wt_cmd_ingest, "ingest MAP              dient elk *.yaml-verzoek in een map in"},
	{"queue", wt_cmd_queue, "queue [--city C] [--state S] [--role R] [--overdue] [--max N]"},
	{"show", wt_cmd_show, "show ID                 toont het dossier"},
	{"act", wt_cmd_act, "act ID ACTIE [--note T] [--file F] [--ingang TIJD]  voert een actie uit"},
	{"advies", wt_cmd_advies, "advies ID [--format md|html] [--out F]  het advies (concept of vastgelegd)"},
	{"log", wt_cmd_log, "log ID                  de audit-trail van een dossier"},
	{"verify", wt_cmd_verify, "verify                  controleert audit-repository en index volledig"},
	{"reindex", wt_cmd_reindex, "reindex                 bouwt de index opnieuw op uit de audit-repository"},
	{"tick", wt_cmd_tick, "tick                    legt termijnen vast die naderen of verstreken zijn, levert meldingen af"},
	{"notifications", wt_cmd_notifications, "notifications [--status S] [--retry ID | --retry-failed]  de meldingen"},
	{"maintain", wt_cmd_maintain, "maintain                pakt losse objecten in en ruimt de index op"},
	{"workflow", wt_cmd_workflow, "workflow lint [BESTAND...] | show GEMEENTE | dot GEMEENTE"},
	{"new", wt_cmd_new, "new BESTAND [--city C]  schrijft een leeg verzoek met uitleg"},
	{"signals", wt_cmd_signals, "signals [WOORD]         de gesloten lijst van feiten en omstandigheden"},
};

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, "gebruik: weegteam [--data MAP] [--as GEBRUIKER] [--json] OPDRACHT [ARGUMENTEN]\n\n"
		     "opdrachten:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %s\n", commands[i].help);
	fprintf(out, "\nDe datamap is --data, anders $WEEGTEAM_DATA, anders ./weegteam-data.\n"
		     "De gebruiker is --as, anders $WEEGTEAM_USER, anders de inlognaam.\n");
}

int main(int argc, char **argv)
{
	wt_cli cli;
	int i = 1;
	size_t k;

	memset(&cli, 0, sizeof(cli));
	cli.data_dir = getenv("WEEGTEAM_DATA");
	if (cli.data_dir == NULL || cli.data_dir[0] == '\0')
		cli.data_dir = "weegteam-data";
	/* Global options come before the command. */
	while (i < argc && argv[i][0] == '-') {
		const char *o = argv[i];
		if (strcmp(o, "--json") == 0) {
			cli.json = 1;
			i++;
		} else if ((strcmp(o, "--data") == 0 || strcmp(o, "--as") == 0) && i + 1 < argc) {
			if (o[2] == 'd')
				cli.data_dir = argv[i + 1];
			else
				cli.actor = argv[i + 1];
			i += 2;
		} else if (strncmp(o, "--data=", 7) == 0) {
			cli.data_dir = o + 7;
			i++;
		} else if (strncmp(o, "--as=", 5) == 0) {
			cli.actor = o + 5;
			i++;
		} else if (strcmp(o, "--help") == 0 || strcmp(o, "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(o, "--version") == 0) {
			printf("weegteam %s\n", WT_VERSION);
			return 0;
		} else {
			return wt_cli_usage(&cli, "Onbekende optie '%s'. Zie 'weegteam --help'.", o);
		}
	}
	if (i >= argc) {
		if (cli.json)
			return wt_cli_usage(&cli, "Geen opdracht gegeven. Zie 'weegteam --help'.");
		usage(stderr);
		return 2;
	}
	for (k = 0; k < sizeof(commands) / sizeof(commands[0]); k++)
		if (strcmp(commands[k].name, argv[i]) == 0)
			return commands[k].fn(&cli, argc - i - 1, argv + i + 1);
	return wt_cli_usage(&cli, "Onbekende opdracht '%s'. Zie 'weegteam --help'.", argv[i]);
}
