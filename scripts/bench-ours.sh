#!/usr/bin/env bash
# Starts our server for one run of the comparison (./bm-xmpp bench) from an empty archive and user
# data, as the peers start theirs: removes <state-dir>/db and <state-dir>/archive-spool, then replaces
# itself with the server's command (exec: the PID the generator measures is the server's).
#   scripts/bench-ours.sh STATE_DIR COMMAND [ARGS...]     (STATE_DIR "-": keep the state)
set -euo pipefail
state=$1
shift
if [[ $state != - ]]; then
	rm -rf "$state/db" "$state/archive-spool"
fi
exec "$@"
