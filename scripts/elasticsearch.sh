#!/usr/bin/env bash
# A local Elasticsearch for the demo and the benchmarks, from the zip the archive module's build fetches
# from Maven Central (org.elasticsearch.distribution.integ-test-zip:elasticsearch). It refuses to run as
# root, so it runs as nobody (uid 65534) with its own copy of the configuration under target/.
#   scripts/elasticsearch.sh start [port]   start on 127.0.0.1:<port> (9200), wait until it answers
#   scripts/elasticsearch.sh stop           stop the one this script started
# Then: ./bm-xmpp demo --archive=elasticsearch --elasticsearch=http://127.0.0.1:9200
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly WORK=$ROOT/target/elasticsearch-local
readonly UNPRIVILEGED=65534

say() { echo "elasticsearch: $*" >&2; }
die() {
	say "$*"
	exit 1
}

home() {
	local dir
	dir=$(ls -d "$ROOT"/bm-xmpp-archive/target/elasticsearch/elasticsearch-* 2>/dev/null | head -n 1)
	if [[ -z $dir ]]; then
		say "unpacking the Elasticsearch distribution (mvn process-test-resources -pl bm-xmpp-archive)"
		(cd "$ROOT" && mvn -B -q -ntp process-test-resources -pl bm-xmpp-archive) >&2
		dir=$(ls -d "$ROOT"/bm-xmpp-archive/target/elasticsearch/elasticsearch-* 2>/dev/null | head -n 1)
	fi
	[[ -n $dir ]] || die "no Elasticsearch under bm-xmpp-archive/target/elasticsearch"
	echo "$dir"
}

java_home() {
	if [[ -n ${JAVA_HOME:-} ]]; then
		echo "$JAVA_HOME"
	else
		dirname "$(dirname "$(readlink -f "$(command -v java)")")"
	fi
}

start() {
	local port=${1:-9200} es
	if curl -fsS "http://127.0.0.1:$port/_cluster/health" >/dev/null 2>&1; then
		say "already answering on 127.0.0.1:$port"
		return 0
	fi
	es=$(home)
	mkdir -p "$WORK"
	[[ -d $WORK/config ]] || cp -r "$es/config" "$WORK/config"
	mkdir -p "$WORK/data" "$WORK/logs"
	local run=()
	if [[ $(id -u) -eq 0 ]]; then
		chown -R "$UNPRIVILEGED:$UNPRIVILEGED" "$WORK"
		chmod o+rx "$ROOT/target" 2>/dev/null || true
		run=(setpriv --reuid="$UNPRIVILEGED" --regid="$UNPRIVILEGED" --clear-groups)
	fi
	"${run[@]}" env ES_JAVA_HOME="$(java_home)" ES_PATH_CONF="$WORK/config" ES_JAVA_OPTS="${ES_JAVA_OPTS:--Xms512m -Xmx512m}" \
		"$es/bin/elasticsearch" -d -p "$WORK/es.pid" -Ediscovery.type=single-node -Enetwork.host=127.0.0.1 \
		-Ehttp.port="$port" -Etransport.port=$((port + 100)) -Epath.data="$WORK/data" -Epath.logs="$WORK/logs" \
		-Expack.security.enabled=false -Ecluster.routing.allocation.disk.threshold_enabled=false >"$WORK/start.log" 2>&1 ||
		die "could not start; see $WORK/start.log"
	local deadline=$((SECONDS + 120))
	until curl -fsS "http://127.0.0.1:$port/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; do
		((SECONDS < deadline)) || die "not answering after 120 s; see $WORK/logs"
		sleep 1
	done
	say "ready on http://127.0.0.1:$port (data in $WORK/data)"
}

stop() {
	[[ -f $WORK/es.pid ]] || {
		say "not started by this script"
		return 0
	}
	local pid
	pid=$(cat "$WORK/es.pid")
	kill "$pid" 2>/dev/null || true
	local deadline=$((SECONDS + 60))
	while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
		sleep 0.5
	done
	rm -f "$WORK/es.pid"
	say "stopped"
}

case ${1:-} in
start) start "${2:-}" ;;
stop) stop ;;
*)
	sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
	;;
esac
