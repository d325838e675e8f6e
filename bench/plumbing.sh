#!/usr/bin/env bash
# plumbing.sh: records the same events as weegteam does, the way an integrator would script it
# with git plumbing commands, one git process per command (make bench compares the two).
#
#   plumbing.sh GITDIR LIST MODE
#
# GITDIR  a bare repository (created when missing)
# LIST    a file with one event per line: "submit DIR" or "act DIR", in order. DIR holds the
#         event's files as weegteam recorded them (bench.c extracts them from the engine's run):
#         meta (id, key, author name/email/date, for act the document path), message.txt, and
#         verzoek.yaml workflow.yaml checklist.json status.yaml (submit) or status.yaml and the
#         document (act).
# MODE    duurzaam: objects and refs fsynced (core.fsync=all, core.fsyncMethod=fsync), as
#         weegteam does; standaard: git's defaults (loose objects and refs are not fsynced).
#
# Like weegteam, an event is: the dossier's blobs, trees and commit; the case number counter
# (submit) and a journal commit on refs/weegteam/journaal whose message names the new head;
# the journal ref and the case ref moved by compare-and-swap (update-ref with the old value).
# Prints one line per event: "<kind> <microseconds>", timed with $EPOCHREALTIME (no process).
set -euo pipefail

GITDIR=${1:?gebruik: plumbing.sh GITDIR LIJST duurzaam|standaard}
LIST=${2:?gebruik: plumbing.sh GITDIR LIJST duurzaam|standaard}
MODE=${3:?gebruik: plumbing.sh GITDIR LIJST duurzaam|standaard}
ZERO=0000000000000000000000000000000000000000

export GIT_DIR=$GITDIR GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
case $MODE in
duurzaam)
	export GIT_CONFIG_COUNT=2 GIT_CONFIG_KEY_0=core.fsync GIT_CONFIG_VALUE_0=all \
		GIT_CONFIG_KEY_1=core.fsyncMethod GIT_CONFIG_VALUE_1=fsync ;;
standaard) ;;
*) echo "plumbing.sh: onbekende modus '$MODE'" >&2; exit 2 ;;
esac
[ -d "$GITDIR" ] || git init -q --bare "$GITDIR"

# The journal entry for a case-ref move: the same five lines weegteam writes.
journal() { # id seq old new
	printf 'weegteam-journaal v1\ndossier: %s\nvolgnummer: %s\nvan: %s\nnaar: %s\n' "$1" "$2" "$3" "$4"
}

as_author() { # name email date, then the command
	local n=$1 e=$2 d=$3
	shift 3
	GIT_AUTHOR_NAME=$n GIT_AUTHOR_EMAIL=$e GIT_AUTHOR_DATE=$d \
		GIT_COMMITTER_NAME=$n GIT_COMMITTER_EMAIL=$e GIT_COMMITTER_DATE=$d "$@"
}

submit() {
	local d=$1 id key name email date
	local jhead n bv bw bc bs tree commit counter tellers line rest ttree jtree jc
	# shellcheck disable=SC1091
	source "$d/meta"
	jhead=$(git rev-parse -q --verify refs/weegteam/journaal || true)
	n=0
	tellers=""
	if [ -n "$jhead" ]; then
		n=$(git cat-file blob "$jhead:tellers/$key" 2>/dev/null || echo 0)
		tellers=$(git ls-tree "$jhead:tellers")
	fi
	bv=$(git hash-object -w "$d/verzoek.yaml")
	bw=$(git hash-object -w "$d/workflow.yaml")
	bc=$(git hash-object -w "$d/checklist.json")
	bs=$(git hash-object -w "$d/status.yaml")
	tree=$(printf '100644 blob %s\t%s\n' "$bc" checklist.json "$bs" status.yaml "$bv" verzoek.yaml \
		"$bw" workflow.yaml | git mktree)
	commit=$(as_author "$name" "$email" "$date" git commit-tree "$tree" -F "$d/message.txt")
	counter=$(printf '%s\n' $((n + 1)) | git hash-object -w --stdin)
	rest=""
	while IFS= read -r line; do
		[ -z "$line" ] || [ "${line##*$'\t'}" = "$key" ] || rest+="$line"$'\n'
	done <<<"$tellers"
	ttree=$(printf '%s100644 blob %s\t%s\n' "$rest" "$counter" "$key" | git mktree)
	jtree=$(printf '040000 tree %s\ttellers\n' "$ttree" | git mktree)
	jc=$(journal "$id" 1 "$ZERO" "$commit" |
		as_author weegteam journaal@weegteam.invalid "$date" git commit-tree "$jtree" ${jhead:+-p "$jhead"})
	git update-ref refs/weegteam/journaal "$jc" "${jhead:-$ZERO}"
	git update-ref "refs/dossiers/$id" "$commit" "$ZERO"
}

act() {
	local d=$1 id key name email date doc seq
	local head rootls subls line rest sub bs bd stree rtree commit jhead jc
	# shellcheck disable=SC1091
	source "$d/meta"
	head=$(git rev-parse "refs/dossiers/$id")
	rootls=$(git ls-tree "$head")
	subls=""
	case $rootls in *$'\t'"${doc%%/*}"*) subls=$(git ls-tree "$head:${doc%%/*}") ;; esac
	bs=$(git hash-object -w "$d/status.yaml")
	bd=$(git hash-object -w "$d/document")
	[ -z "$subls" ] || subls+=$'\n'
	stree=$(printf '%s100644 blob %s\t%s\n' "$subls" "$bd" "${doc#*/}" | git mktree)
	rest=""
	while IFS= read -r line; do
		sub=${line##*$'\t'}
		[ "$sub" = status.yaml ] || [ "$sub" = "${doc%%/*}" ] || rest+="$line"$'\n'
	done <<<"$rootls"
	rtree=$(printf '%s100644 blob %s\tstatus.yaml\n040000 tree %s\t%s\n' "$rest" "$bs" "$stree" \
		"${doc%%/*}" | git mktree)
	commit=$(as_author "$name" "$email" "$date" git commit-tree "$rtree" -p "$head" -F "$d/message.txt")
	jhead=$(git rev-parse refs/weegteam/journaal)
	jc=$(journal "$id" "$seq" "$head" "$commit" |
		as_author weegteam journaal@weegteam.invalid "$date" git commit-tree "$jhead^{tree}" -p "$jhead")
	git update-ref refs/weegteam/journaal "$jc" "$jhead"
	git update-ref "refs/dossiers/$id" "$commit" "$head"
}

while read -r kind dir; do
	t0=$EPOCHREALTIME
	case $kind in
	submit) submit "$dir" ;;
	act) act "$dir" ;;
	*) echo "plumbing.sh: onbekende regel '$kind'" >&2; exit 2 ;;
	esac
	t1=$EPOCHREALTIME
	echo "$kind $((10#${t1/./} - 10#${t0/./}))"
done <"$LIST"
