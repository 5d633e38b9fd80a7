#!/usr/bin/env bash
# The backing services the tests use, on loopback: PostgreSQL (127.0.0.1:5432) and RabbitMQ
# (127.0.0.1:5672), plus the federation peers Prosody and ejabberd (installed only: the s2s tests
# start private instances of them on 127.0.0.2 and 127.0.0.4). `ensure` installs (apt-get, as root)
# and starts what is missing; `status` only looks.
# Services installed with apt do not start by themselves on the build machines (no systemd): this
# script starts them.
set -euo pipefail

# pg_ctlcluster, rabbitmq-server and rabbitmqctl live in sbin, often missing from a user's PATH.
PATH=$PATH:/usr/sbin:/sbin
readonly PG_HOST=127.0.0.1 PG_PORT=5432
readonly MQ_HOST=127.0.0.1 MQ_PORT=5672
readonly LOG=${TMPDIR:-/tmp}/bm-xmpp-services.log

usage() {
	cat <<EOF
usage: scripts/services.sh ensure|status

  ensure   make sure PostgreSQL ($PG_HOST:$PG_PORT) and RabbitMQ ($MQ_HOST:$MQ_PORT) are running:
           install them with apt-get when missing (needs root), start them when stopped;
           install Prosody and ejabberd when missing (the federation tests run their own instances)
  status   say whether each one answers; exit 1 when one does not
EOF
}

say() { echo "services: $*"; }
die() {
	echo "services: $*" >&2
	exit 1
}

is_root() { [[ $(id -u) -eq 0 ]]; }
have() { command -v "$1" >/dev/null 2>&1; }
port_open() { timeout 2 bash -c "</dev/tcp/$1/$2" 2>/dev/null; }

postgresql_up() {
	if have pg_isready; then
		pg_isready -q -h "$PG_HOST" -p "$PG_PORT"
	else
		port_open "$PG_HOST" "$PG_PORT"
	fi
}

rabbitmq_up() { port_open "$MQ_HOST" "$MQ_PORT"; }

# Shows the end of the log and stops: the one line before it says what failed.
fail_with_log() {
	echo "services: $1 (last lines of $LOG:)" >&2
	tail -n 15 "$LOG" >&2 || true
	exit 1
}

APT_UPDATED=
apt_install() {
	local package=$1
	is_root || die "$package is not installed and installing it needs root: run 'sudo apt-get install -y $package', or run this script as root"
	have apt-get || die "$package is not installed and there is no apt-get here: install it by hand"
	if [[ -z $APT_UPDATED ]]; then
		DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$LOG" 2>&1 </dev/null || fail_with_log "apt-get update failed"
		APT_UPDATED=1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$package" >>"$LOG" 2>&1 </dev/null ||
		fail_with_log "apt-get install $package failed"
}

# The newest PostgreSQL version that has a cluster configured, e.g. 15.
postgresql_version() {
	[[ -d /etc/postgresql ]] || return 0
	find /etc/postgresql -mindepth 2 -maxdepth 2 -name main -type d -printf '%P\n' 2>/dev/null |
		cut -d/ -f1 | sort -V | tail -n 1
}

# A cluster this script just installed gets the test machines' settings: trust from loopback.
configure_new_postgresql() {
	local version=$1 hba
	hba=/etc/postgresql/$version/main/pg_hba.conf
	[[ -f $hba ]] || return 0
	{
		echo "# bm-xmpp tests: trust local and loopback connections (added by scripts/services.sh)"
		echo "local all all trust"
		echo "host all all 127.0.0.1/32 trust"
		echo "host all all ::1/128 trust"
		cat "$hba"
	} >"$hba.new"
	chown --reference="$hba" "$hba.new"
	chmod --reference="$hba" "$hba.new"
	mv "$hba.new" "$hba"
}

ensure_postgresql() {
	if postgresql_up; then
		say "postgresql: running on $PG_HOST:$PG_PORT"
		return
	fi
	local version
	version=$(postgresql_version)
	if ! have pg_ctlcluster || [[ -z $version ]]; then
		apt_install postgresql
		version=$(postgresql_version)
		[[ -n $version ]] || die "postgresql: installed, but no cluster in /etc/postgresql (create one: pg_createcluster <version> main)"
		configure_new_postgresql "$version"
		say "postgresql: installed version $version (loopback connections trusted)"
	fi
	is_root || die "postgresql: cluster $version/main is not running and starting it needs root: sudo pg_ctlcluster $version main start"
	pg_ctlcluster --skip-systemctl-redirect "$version" main start >>"$LOG" 2>&1 </dev/null ||
		fail_with_log "postgresql: pg_ctlcluster $version main start failed"
	local i
	for ((i = 0; i < 60; i++)); do
		postgresql_up && break
		sleep 0.5
	done
	postgresql_up || fail_with_log "postgresql: cluster $version/main started but $PG_HOST:$PG_PORT does not answer"
	say "postgresql: started cluster $version/main on $PG_HOST:$PG_PORT"
}

# A node this script just installed listens on loopback only, under a name that resolves anywhere.
configure_new_rabbitmq() {
	mkdir -p /etc/rabbitmq
	if ! grep -qs '^NODENAME=' /etc/rabbitmq/rabbitmq-env.conf; then
		{
			echo "NODENAME=rabbit@localhost"
			echo "ERL_EPMD_ADDRESS=127.0.0.1"
			echo 'export ERL_FLAGS="-kernel inet_dist_use_interface {127,0,0,1}"'
		} >>/etc/rabbitmq/rabbitmq-env.conf
	fi
	if ! grep -qs '^listeners\.tcp' /etc/rabbitmq/rabbitmq.conf; then
		echo "listeners.tcp.local = $MQ_HOST:$MQ_PORT" >>/etc/rabbitmq/rabbitmq.conf
	fi
}

ensure_rabbitmq() {
	if rabbitmq_up; then
		say "rabbitmq: running on $MQ_HOST:$MQ_PORT"
		return
	fi
	if ! have rabbitmq-server; then
		apt_install rabbitmq-server
		# apt may have started a node with the default settings: stop it before configuring.
		rabbitmqctl -q stop >>"$LOG" 2>&1 </dev/null || true
		configure_new_rabbitmq
		say "rabbitmq: installed (listening on $MQ_HOST only)"
	fi
	is_root || die "rabbitmq: not running and starting it needs root: sudo rabbitmq-server -detached"
	rabbitmq-server -detached >>"$LOG" 2>&1 </dev/null || fail_with_log "rabbitmq: rabbitmq-server -detached failed"
	timeout 120 rabbitmqctl -q --timeout 90 await_startup >>"$LOG" 2>&1 </dev/null ||
		fail_with_log "rabbitmq: the node did not finish starting"
	rabbitmq_up || fail_with_log "rabbitmq: the node started but $MQ_HOST:$MQ_PORT does not answer"
	say "rabbitmq: started on $MQ_HOST:$MQ_PORT"
}

# Federation peers: the tests start and stop private instances, so only the packages are needed.
ensure_peer() {
	local package=$1 command=$2
	if have "$command"; then
		say "$package: installed"
		return
	fi
	apt_install "$package"
	# The package may start a system instance on the default ports: the tests want none.
	case $package in
	prosody) [[ -s /run/prosody/prosody.pid ]] && kill "$(cat /run/prosody/prosody.pid)" 2>/dev/null || true ;;
	ejabberd) ejabberdctl stop >>"$LOG" 2>&1 </dev/null || true ;;
	esac
	say "$package: installed"
}

status() {
	local down=0
	if have prosody; then say "prosody: installed"; else say "prosody: not installed (federation tests skip)" && down=1; fi
	if have ejabberdctl; then say "ejabberd: installed"; else say "ejabberd: not installed (federation tests skip)" && down=1; fi
	if postgresql_up; then say "postgresql: running on $PG_HOST:$PG_PORT"; else say "postgresql: not answering on $PG_HOST:$PG_PORT" && down=1; fi
	if rabbitmq_up; then say "rabbitmq: running on $MQ_HOST:$MQ_PORT"; else say "rabbitmq: not answering on $MQ_HOST:$MQ_PORT" && down=1; fi
	return "$down"
}

case ${1:-} in
ensure)
	ensure_postgresql
	ensure_rabbitmq
	ensure_peer prosody prosody
	ensure_peer ejabberd ejabberdctl
	;;
status) status ;;
-h | --help | help) usage ;;
*)
	usage >&2
	exit 2
	;;
esac
