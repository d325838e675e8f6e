#!/bin/sh
# weegteam.sh: runs the real weegteam binary under valgrind memcheck; `make valgrind` uses it as
# WT_BIN for the end-to-end suite. WT_VALGRIND_BIN names the binary, WT_VALGRIND_LOG a folder for
# one log per process (empty when the process was clean; `make valgrind` fails on any non-empty
# one). A memory error or a definite/indirect leak also makes the command exit 99, so the test
# that ran it fails where it happened. exec keeps the pid, so kill -9 in a test hits the process.
# WT_VALGRIND_OPTS adds options, e.g. --track-origins=yes when chasing an uninitialised value
# (it makes every command about a third slower, so it is not on by default).
: "${WT_VALGRIND_BIN:?WT_VALGRIND_BIN must name the weegteam binary}"
: "${WT_VALGRIND_LOG:?WT_VALGRIND_LOG must name a folder for the logs}"
# shellcheck disable=SC2086
exec valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
	--errors-for-leak-kinds=definite,indirect --num-callers=30 ${WT_VALGRIND_OPTS:-} \
	--log-file="$WT_VALGRIND_LOG/vg.%p.log" "$WT_VALGRIND_BIN" "$@"
