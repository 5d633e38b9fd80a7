#!/usr/bin/env bash
# The bm-xmpp Debian package, end to end on this machine: build (or take the one Maven just built), lintian,
# dpkg-deb assertions, apt-get install, the launcher's refusals (exit codes), a start as user bm-xmpp against
# bm-core-sim with READY=1 checked against the open ports, alice logging in over TLS, an upgrade to a newer build
# keeping the admin's bm-xmpp.yaml, remove (configuration kept) and purge (state, logs, user gone).
#
#   packaging/test/package-test.sh [--built-after FILE]
#
# --built-after FILE: use the newest packaging/target/bm-xmpp_*.deb if it is newer than FILE (./bm-xmpp test passes
# the marker it made before running Maven), else build it. Needs root, apt-get and dpkg (it really installs the
# package), fails otherwise. systemd need not be running: the launcher is started the way the unit does it
# (ExecStartPre=+ as root, then ExecStart as bm-xmpp with NOTIFY_SOCKET), the unit file itself is checked by
# systemd-analyze verify. Whatever happens, the trap stops what it started and purges the package: the machine is
# left as found. Results: one line per check, a summary, and a JUnit-style report in
# packaging/target/package-test-reports/ (counted by ./bm-xmpp test). Exit 0 only when every check passed.
set -uo pipefail
shopt -u patsub_replacement 2>/dev/null # bash 5.2: '&' in a ${x//a/b} replacement would mean the match

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT" || exit 1
readonly PKG_TARGET=packaging/target
readonly REPORT_DIR=$PKG_TARGET/package-test-reports
readonly TEST_CP="$PKG_TARGET/test-classes:$PKG_TARGET/test-lib/*"
# Addresses nobody else uses: other work on this machine (the demo) binds 127.0.0.1:8090 and 127.0.0.1:5222.
readonly HOST=127.0.0.2 CORE_PORT=8090 C2S_PORT=15222 DIRECT_PORT=15223
readonly APT_OPTS=(-y -q -o DPkg::Lock::Timeout=180 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
readonly LAUNCHER=/usr/share/bm-xmpp/bin/bm-xmpp
readonly YAML=/etc/bm-xmpp/bm-xmpp.yaml

built_after=
while (($# > 0)); do
	case $1 in
	--built-after) built_after=${2:?--built-after needs a file}; shift 2 ;;
	*) echo "usage: $0 [--built-after FILE]" >&2; exit 2 ;;
	esac
done

# --- results ---------------------------------------------------------------------------------------------------------
PASSED=0 FAILED=0
CASES=()
T0=$SECONDS
say() { echo "package-test: $*" >&2; }
record() { # status name [message]
	local xml_name=${2//&/&amp;}
	xml_name=${xml_name//</&lt;}
	xml_name=${xml_name//\"/&quot;}
	if [[ $1 == pass ]]; then
		PASSED=$((PASSED + 1))
		echo "  ok    $2"
		CASES+=("<testcase classname=\"packaging.PackageTest\" name=\"$xml_name\"/>")
	else
		FAILED=$((FAILED + 1))
		echo "  FAIL  $2${3:+: $3}"
		local msg=${3:-failed}
		msg=${msg//&/&amp;}
		msg=${msg//</&lt;}
		msg=${msg//\"/&quot;}
		CASES+=("<testcase classname=\"packaging.PackageTest\" name=\"$xml_name\"><failure message=\"$msg\"/></testcase>")
	fi
}
# check NAME COMMAND...: passes when the command succeeds.
check() {
	local name=$1
	shift
	if "$@" >/dev/null 2>&1; then record pass "$name"; else record fail "$name" "${WHY:-command failed: $*}"; fi
	WHY=
}
WHY=
# must NAME COMMAND...: like check, but the rest cannot go on without it.
must() {
	local before=$FAILED
	check "$@"
	((FAILED == before)) || abort "cannot go on after: $1"
}
write_report() {
	mkdir -p "$REPORT_DIR"
	{
		echo '<?xml version="1.0" encoding="UTF-8"?>'
		echo "<testsuite name=\"packaging.PackageTest\" tests=\"$((PASSED + FAILED))\" failures=\"$FAILED\" errors=\"0\" skipped=\"0\" time=\"$((SECONDS - T0))\">"
		printf '  %s\n' "${CASES[@]}"
		echo '</testsuite>'
	} >"$REPORT_DIR/TEST-packaging.PackageTest.xml"
}
ABORTED=
abort() {
	ABORTED=$1
	say "$1"
	exit 1
}

# --- what we start, and the clean-up ---------------------------------------------------------------------------------
WORK=
SIM_PID= SERVER_PID= LISTENER_PID=
INSTALLED_BY_US=
stop_pid() { # pid: TERM, then KILL after 15 s
	local pid=$1 i
	[[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
	kill -TERM "$pid" 2>/dev/null
	for ((i = 0; i < 150; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}
cleanup() {
	local status=$?
	trap - EXIT INT TERM
	stop_pid "$SERVER_PID"
	stop_pid "$LISTENER_PID"
	stop_pid "$SIM_PID"
	if [[ -n $INSTALLED_BY_US ]] && dpkg-query -W -f='${db:Status-Abbrev}' bm-xmpp 2>/dev/null | grep -q '^[ir]'; then
		say "clean-up: purging the bm-xmpp package this test installed"
		DEBIAN_FRONTEND=noninteractive apt-get purge "${APT_OPTS[@]}" bm-xmpp >/dev/null 2>&1 ||
			say "clean-up: 'apt-get purge bm-xmpp' failed: purge it by hand"
	fi
	[[ -n $WORK && -d $WORK ]] && rm -rf "$WORK"
	write_report
	echo "package-test: $PASSED passed, $FAILED failed ($((SECONDS - T0)) s)${ABORTED:+; stopped early: $ABORTED}"
	if ((FAILED > 0 || status != 0)); then
		exit 1
	fi
	exit 0
}
trap cleanup EXIT
trap 'abort "interrupted"' INT TERM

# --- prerequisites: they fail the test, never skip it ----------------------------------------------------------------
[[ $(id -u) == 0 ]] || { record fail "runs as root" "the package test installs a package: run it as root"; abort "not root"; }
for tool in apt-get dpkg dpkg-deb dpkg-query setpriv java mvn; do
	command -v "$tool" >/dev/null || { record fail "tool $tool" "'$tool' is missing (apt-get install it)"; abort "missing $tool"; }
done
if ! command -v lintian >/dev/null; then
	say "installing lintian (apt-get install lintian)"
	DEBIAN_FRONTEND=noninteractive apt-get install "${APT_OPTS[@]}" lintian >/dev/null 2>&1 ||
		{ record fail "lintian installed" "apt-get install lintian failed"; abort "no lintian"; }
fi
if dpkg-query -W -f='${db:Status-Abbrev}' bm-xmpp 2>/dev/null | grep -q '^[ir]'; then
	record fail "bm-xmpp not installed beforehand" "bm-xmpp is already installed on this machine: this test would replace and purge it; remove it first"
	abort "bm-xmpp already installed"
fi
getent passwd bm-xmpp >/dev/null && { record fail "no bm-xmpp user beforehand" "a user bm-xmpp exists but no package: delete it first"; abort "stray user"; }
port_busy() { timeout 1 bash -c ": </dev/tcp/$1/$2" 2>/dev/null; }
for port in $CORE_PORT $C2S_PORT $DIRECT_PORT; do
	port_busy $HOST "$port" && { record fail "port $HOST:$port free" "something listens on $HOST:$port already"; abort "port taken"; }
done
WORK=$(mktemp -d /tmp/bm-xmpp-package-test.XXXXXX)
chmod 755 "$WORK"

# --- 1. the package ----------------------------------------------------------------------------------------------------
newest_deb() { ls -t "$PKG_TARGET"/bm-xmpp_*_all.deb 2>/dev/null | head -n 1; }
DEB=$(newest_deb)
if [[ -n $built_after && -n $DEB && $DEB -nt $built_after && -d $PKG_TARGET/test-lib ]]; then
	say "using $DEB (built by this run's Maven)"
else
	say "building the package (mvn package -pl packaging -am, tests skipped)..."
	rm -f "$PKG_TARGET"/bm-xmpp_*_all.deb
	if ! mvn -B -q -DskipTests package -pl packaging -am >"$WORK/build1.log" 2>&1 </dev/null; then
		tail -n 30 "$WORK/build1.log" >&2
		record fail "package built" "mvn package failed (output above)"
		abort "no package"
	fi
	DEB=$(newest_deb)
fi
must "a bm-xmpp_<version>_all.deb exists" test -f "$DEB"
V1=$(dpkg-deb -f "$DEB" Version)
say "package $DEB: version $V1, $(du -h "$DEB" | cut -f1)"

# dpkg-deb --info
field() { dpkg-deb -f "$DEB" "$1"; }
WHY="Package is '$(field Package)'" check "control: Package bm-xmpp" test "$(field Package)" = bm-xmpp
WHY="Architecture is '$(field Architecture)'" check "control: Architecture all" test "$(field Architecture)" = all
WHY="Depends is '$(field Depends)'" check "control: Depends on a Java 17 runtime and adduser" \
	test "$(field Depends)" = "default-jre-headless (>= 2:1.17) | java17-runtime-headless, adduser"
WHY="Version $V1 is not <maven version>~SNAPSHOT+<14 digits> or a release" check "control: Version derived from Maven's" \
	grep -Eq '^[0-9]+\.[0-9]+\.[0-9]+(~SNAPSHOT\+[0-9]{14})?$' <<<"$V1"
dpkg-deb --info "$DEB" conffiles >"$WORK/conffiles" 2>/dev/null
WHY="conffiles: $(tr '\n' ' ' <"$WORK/conffiles")" check "conffiles: /etc/bm-xmpp/bm-xmpp.yaml and logback.xml" \
	bash -c "grep -qx /etc/bm-xmpp/bm-xmpp.yaml '$WORK/conffiles' && grep -qx /etc/bm-xmpp/logback.xml '$WORK/conffiles'"
for script in postinst prerm postrm; do
	check "maintainer script $script present" dpkg-deb --info "$DEB" "$script"
done

# dpkg-deb --contents: "mode owner/group size date time ./path"
dpkg-deb --contents "$DEB" | awk '{print $1, $2, $6}' | sed 's| \./| /|' >"$WORK/contents"
has() { # mode owner path-regex
	grep -Eq "^$1 $2 $3\$" "$WORK/contents"
}
WHY="not root/root: $(awk '$2 != "root/root"' "$WORK/contents" | head -n 3 | tr '\n' ';')" \
	check "contents: every file owned by root/root (the service's own folders are made by postinst)" \
	test -z "$(awk '$2 != "root/root"' "$WORK/contents")"
check "contents: launcher /usr/share/bm-xmpp/bin/bm-xmpp, 0755" has -rwxr-xr-x root/root /usr/share/bm-xmpp/bin/bm-xmpp
for jar in bm-xmpp-spi bm-xmpp-server bm-xmpp-auth bm-xmpp-domains bm-xmpp-vcard bm-xmpp-archive bm-core-client netty-transport-native-epoll logback-classic h2; do
	check "contents: lib/$jar-*.jar" has -rw-r--r-- root/root "/usr/share/bm-xmpp/lib/$jar-[^/]*\.jar"
done
# The jars shipped are this checkout's build, not another one's from ~/.m2 (same SNAPSHOT version).
dpkg-deb --fsys-tarfile "$DEB" | tar -x -C "$WORK" ./usr/share/bm-xmpp/lib 2>/dev/null
for module in bm-xmpp-spi bm-xmpp-server bm-core-client bm-xmpp-auth bm-xmpp-domains bm-xmpp-vcard bm-xmpp-archive; do
	shipped=$(ls "$WORK"/usr/share/bm-xmpp/lib/"$module"-[0-9]*.jar 2>/dev/null | head -n 1)
	WHY="$shipped differs from $module/target/$(basename "${shipped:-none}")" \
		check "contents: lib/$module jar is this checkout's build" cmp -s "$shipped" "$module/target/$(basename "${shipped:-none}")"
done
rm -rf "$WORK/usr"
WHY="test-only jars shipped: $(grep -Eo '(smack|junit|bm-core-sim|qpid)[^/ ]*\.jar' "$WORK/contents" | head -n 3 | tr '\n' ' ')" \
	check "contents: no test jars (Smack, JUnit, bm-core-sim, Qpid)" bash -c "! grep -Eq '(smack|junit|bm-core-sim|qpid)[^/]*\.jar' '$WORK/contents'"
check "contents: /etc/bm-xmpp/bm-xmpp.yaml, 0640" has -rw-r----- root/root /etc/bm-xmpp/bm-xmpp.yaml
check "contents: /etc/bm-xmpp/logback.xml" has -rw-r--r-- root/root /etc/bm-xmpp/logback.xml
check "contents: /lib/systemd/system/bm-xmpp.service" has -rw-r--r-- root/root /lib/systemd/system/bm-xmpp.service
check "contents: /usr/share/doc/bm-xmpp/copyright, changelog.gz, install.md.gz" bash -c \
	"grep -q ' /usr/share/doc/bm-xmpp/copyright$' '$WORK/contents' && grep -q ' /usr/share/doc/bm-xmpp/changelog.gz$' '$WORK/contents' && grep -q ' /usr/share/doc/bm-xmpp/install.md.gz$' '$WORK/contents'"
WHY="/var/lib or /var/log shipped: dpkg would delete their content on remove" \
	check "contents: no /var/lib/bm-xmpp nor /var/log/bm-xmpp (made by postinst)" bash -c "! grep -Eq ' /var/' '$WORK/contents'"

# The unit, read from the package.
dpkg-deb --fsys-tarfile "$DEB" | tar -xO ./lib/systemd/system/bm-xmpp.service >"$WORK/unit" 2>/dev/null
for line in "Type=notify" "User=bm-xmpp" "ConditionPathExists=!/etc/bm/bm-xmpp.disabled" "NoNewPrivileges=yes" \
	"ProtectSystem=strict" "ProtectHome=yes" "PrivateTmp=yes" "CapabilityBoundingSet=" \
	"ReadWritePaths=/var/lib/bm-xmpp /var/log/bm-xmpp" "WantedBy=multi-user.target bluemind.target"; do
	check "unit: $line" grep -qxF "$line" "$WORK/unit"
done
check "unit: After=... bm-core.service" grep -Eq '^After=.*\bbm-core\.service\b' "$WORK/unit"

# lintian: no error; warnings listed.
lintian --tag-display-limit 0 --show-overrides "$DEB" >"$WORK/lintian" 2>&1
grep -v 'running with root privileges' "$WORK/lintian" | sed 's/^/    lintian: /'
WHY="$(grep -c '^E:' "$WORK/lintian") error(s)" check "lintian: no error" bash -c "! grep -q '^E:' '$WORK/lintian'"
say "lintian: $(grep -c "^E:" "$WORK/lintian") error(s), $(grep -c "^W:" "$WORK/lintian") warning(s), $(grep -c "^O:" "$WORK/lintian") overridden (each with its reason in packaging/src/deb/lintian/bm-xmpp)"

# --- 2. install --------------------------------------------------------------------------------------------------------
say "apt-get install ./$(basename "$DEB")"
INSTALLED_BY_US=1
if ! DEBIAN_FRONTEND=noninteractive apt-get install "${APT_OPTS[@]}" "./$DEB" >"$WORK/install.log" 2>&1 </dev/null; then
	tail -n 20 "$WORK/install.log" >&2
fi
must "apt-get install ./bm-xmpp_*.deb" test "$(dpkg-query -W -f='${db:Status-Abbrev}${Version}' bm-xmpp 2>/dev/null)" = "ii $V1"
check "user bm-xmpp: a system user with no login shell" bash -c \
	'u=$(getent passwd bm-xmpp) && (( $(cut -d: -f3 <<<"$u") < 1000 )) && [[ $(cut -d: -f7 <<<"$u") == /usr/sbin/nologin ]]'
owner() { stat -c '%U:%G %a' "$1" 2>/dev/null; }
WHY="$(owner /var/lib/bm-xmpp)" check "/var/lib/bm-xmpp: bm-xmpp:bm-xmpp 750" test "$(owner /var/lib/bm-xmpp)" = "bm-xmpp:bm-xmpp 750"
WHY="$(owner /var/lib/bm-xmpp/certs)" check "/var/lib/bm-xmpp/certs: bm-xmpp:bm-xmpp 700" test "$(owner /var/lib/bm-xmpp/certs)" = "bm-xmpp:bm-xmpp 700"
WHY="$(owner /etc/bm-xmpp/certs)" check "/etc/bm-xmpp/certs (the admin's certificates): root:bm-xmpp 750" test "$(owner /etc/bm-xmpp/certs)" = "root:bm-xmpp 750"
WHY="$(owner /var/log/bm-xmpp)" check "/var/log/bm-xmpp: bm-xmpp:bm-xmpp 750" test "$(owner /var/log/bm-xmpp)" = "bm-xmpp:bm-xmpp 750"
WHY="$(owner $YAML)" check "$YAML: root:bm-xmpp 640" test "$(owner $YAML)" = "root:bm-xmpp 640"
check "service enabled (multi-user.target.wants link)" test -L /etc/systemd/system/multi-user.target.wants/bm-xmpp.service
if command -v systemd-analyze >/dev/null; then
	WHY="$(systemd-analyze verify /lib/systemd/system/bm-xmpp.service 2>&1 | head -n 3 | tr '\n' ' ')" \
		check "systemd-analyze verify bm-xmpp.service" bash -c '! systemd-analyze verify /lib/systemd/system/bm-xmpp.service 2>&1 | grep -q .'
fi

# --- 3. the launcher's refusals, each with its exit code (docs/install.md) --------------------------------------------
as_service() { # runs a command as bm-xmpp with a clean environment plus the given VAR=value words
	local env=(PATH=/usr/sbin:/usr/bin:/sbin:/bin)
	while [[ $1 == *=* ]]; do env+=("$1"); shift; done
	setpriv --reuid=bm-xmpp --regid=bm-xmpp --init-groups env -i "${env[@]}" "$@"
}
conf_dir() { # name host token: a BlueMind configuration folder readable by bm-xmpp
	local d=$WORK/$1/etc/bm
	mkdir -p "$d/local"
	[[ -n $2 ]] && printf '[global]\nhost = %s\n' "$2" >"$d/bm.ini"
	[[ -n $3 ]] && echo "$3" >"$d/bm-core.tok"
	chmod -R a+rX "$WORK/$1"
	echo "$d"
}
expect_exit() { # name code message-regex conf-dir: --check as bm-xmpp must exit with code, its last line matching
	local name="launcher: $1 -> exit $2 and a clear message" code=$2 regex=$3 dir=$4 out status
	out=$(as_service BM_CONF_DIR="$dir" $LAUNCHER --check 2>&1)
	status=$?
	if [[ $status == "$code" ]] && tail -n 1 <<<"$out" | grep -Eq -- "$regex"; then
		record pass "$name"
		echo "        ($(tail -n 1 <<<"$out"))"
	else
		record fail "$name" "exit $status, said: $out"
	fi
}
TOKEN=package-test-token-$RANDOM$RANDOM
expect_exit "no bm-core.tok" 10 'bm-core\.tok is missing' "$(conf_dir no-token $HOST '')"
expect_exit "no bm.ini" 11 'bm\.ini is missing' "$(conf_dir no-ini '' "$TOKEN")"
NOHOST=$(conf_dir no-host '' "$TOKEN")
echo "[global]" >"$NOHOST/bm.ini"
expect_exit "bm.ini without host" 11 "has no 'host" "$NOHOST"
UNREACHABLE=$(conf_dir unreachable 127.0.0.3 "$TOKEN")
echo "CORE_WAIT=1" >"$UNREACHABLE/local/bm-xmpp.ini"
expect_exit "bm-core unreachable" 12 'bm-core at http://127\.0\.0\.3:8090 .* does not answer after 1 s' "$UNREACHABLE"
BADINI=$(conf_dir bad-ini $HOST "$TOKEN")
echo "MEM=lots" >"$BADINI/local/bm-xmpp.ini"
expect_exit "bad MEM in bm-xmpp.ini" 2 'MEM is the heap in MiB' "$BADINI"
out=$(BM_CONF_DIR=$BADINI $LAUNCHER 2>&1)
status=$?
WHY="exit $status, said: $out" check "launcher: refuses to run the server as root -> exit 2" \
	bash -c "[[ $status == 2 ]] && grep -q 'refusing to run the server as root' <<<\"\$1\"" _ "$out"

# --- 4. start against bm-core-sim, READY=1 after the ports open, alice logs in -----------------------------------------
CONF=$(conf_dir bluemind $HOST "$TOKEN")
chmod 600 "$CONF/bm-core.tok" # root only, as it may be on a BlueMind host: the service reads the preflight's copy
# The overrides of /etc/bm/local, checked on the command line the launcher would run.
# Written the way BlueMind's tools write theirs (a variable used in another line), and with a quoted host in bm.ini.
printf '# test\nEXTRA="-Dbm.package.test=1"\nMEM=300\nJVM_EXT_OPTS="$EXTRA -XX:+UseStringDeduplication"\nCORE_WAIT=20\n' >"$CONF/local/bm-xmpp.ini"
printf '[global]\nexternal-url = chat.acme.test\nhost = "%s"\n' $HOST >"$CONF/bm.ini"
cp /etc/bm-xmpp/logback.xml "$CONF/local/bm-xmpp.log.xml"
chmod -R a+rX "$CONF/local"

say "starting bm-core-sim on $HOST:$CORE_PORT (demo directory)"
java -cp "$TEST_CP" net.bluemind.xmpp.coresim.CoreSimMain --host $HOST --port $CORE_PORT --token-file "$CONF/bm-core.tok" \
	--no-amqp >"$WORK/sim.log" 2>&1 </dev/null &
SIM_PID=$!

# The administrator's changes, which the upgrade must keep: this server is 'demo-xmpp' in the simulator; listeners
# and bm-mq moved to addresses nobody else on this machine uses.
sed -i -e "s/address: 0.0.0.0, port: 5222 /address: $HOST, port: $C2S_PORT /" \
	-e "s/address: 0.0.0.0, port: 5223 /address: $HOST, port: $DIRECT_PORT /" \
	-e 's/^    # server-uid: .*/    server-uid: demo-xmpp/' \
	-e "s#amqp://guest:guest@127.0.0.1:5672#amqp://guest:guest@$HOST:5672#" "$YAML"
echo "# modified by the administrator (package-test)" >>"$YAML"
cp -p "$YAML" "$WORK/admin.yaml"
check "admin's changes applied to $YAML" bash -c "grep -q 'server-uid: demo-xmpp' '$YAML' && grep -q 'port: $C2S_PORT' '$YAML'"

RUN=$WORK/run
mkdir -p "$RUN"
chown bm-xmpp:bm-xmpp "$RUN" # what RuntimeDirectory= does
out=$(BM_CONF_DIR=$CONF RUNTIME_DIRECTORY=$RUN $LAUNCHER --preflight 2>&1)
WHY="said: $out" check "launcher --preflight (root): token copied for bm-xmpp, 0400" test "$(owner "$RUN/bm-core.tok")" = "bm-xmpp:bm-xmpp 400"
cmdline=$(as_service BM_CONF_DIR="$CONF" RUNTIME_DIRECTORY="$RUN" $LAUNCHER --check 2>&1)
WHY="$cmdline" check "bm-xmpp.ini: MEM=300 -> -Xmx300m" grep -q -- '-Xmx300m' <<<"$cmdline"
WHY="$cmdline" check "bm-xmpp.ini: JVM_EXT_OPTS passed" grep -q -- '-Dbm.package.test=1 -XX:+UseStringDeduplication' <<<"$cmdline"
WHY="$cmdline" check "bm-xmpp.log.xml override -> -Dlogback.configurationFile" grep -qF -- "-Dlogback.configurationFile=$CONF/local/bm-xmpp.log.xml" <<<"$cmdline"
WHY="$cmdline" check "the token is the preflight's copy" grep -qF -- "-Dbm.core.token.file=$RUN/bm-core.tok" <<<"$cmdline"

NOTIFY=$WORK/notify
start_server() { # label: starts the listener and the server, waits for READY=1; sets SERVER_PID, LISTENER_PID
	local label=$1 i
	rm -f "$NOTIFY"
	java -cp "$TEST_CP" net.bluemind.xmpp.packaging.NotifyListener "$NOTIFY" 120 $HOST $C2S_PORT $DIRECT_PORT \
		>"$WORK/notify-$label.out" 2>&1 </dev/null &
	LISTENER_PID=$!
	for ((i = 0; i < 200; i++)); do
		grep -q '^listening' "$WORK/notify-$label.out" && break
		sleep 0.1
	done
	local start_ms
	start_ms=$(date +%s%3N)
	# No function or subshell in between: setpriv execs env, env execs the launcher, the launcher execs the JVM, so
	# $! is the JVM, as it is the unit's main process under systemd.
	setpriv --reuid=bm-xmpp --regid=bm-xmpp --init-groups env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		NOTIFY_SOCKET="$NOTIFY" BM_CONF_DIR="$CONF" RUNTIME_DIRECTORY="$RUN" $LAUNCHER \
		>"$WORK/server-$label.out" 2>&1 </dev/null &
	SERVER_PID=$!
	for ((i = 0; i < 1200; i++)); do
		grep -q '^ready-at' "$WORK/notify-$label.out" && break
		kill -0 "$SERVER_PID" 2>/dev/null || break
		kill -0 "$LISTENER_PID" 2>/dev/null || break
		sleep 0.1
	done
	local ready_ms
	ready_ms=$(sed -n 's/^ready-at //p' "$WORK/notify-$label.out")
	if [[ -n $ready_ms ]]; then
		READY_MS=$((ready_ms - start_ms))
		say "$label: READY=1 $READY_MS ms after the launcher started"
	else
		cat "$WORK/server-$label.out" >&2
	fi
	WHY="no READY=1: $(tail -n 3 "$WORK/notify-$label.out" | tr '\n' ' ') / server: $(tail -n 2 "$WORK/server-$label.out" | tr '\n' ' ')" \
		must "$label: READY=1 on NOTIFY_SOCKET" test -n "$ready_ms"
	WHY="$(grep '^port' "$WORK/notify-$label.out" | tr '\n' ' ')" \
		check "$label: both ports already open when READY=1 arrived" bash -c "! grep -q CLOSED '$WORK/notify-$label.out'"
	check "$label: READY=1 sent by the JVM itself (MAINPID = the launcher's pid after exec)" grep -q "MAINPID=$SERVER_PID\b" "$WORK/notify-$label.out"
}
stop_server() { # label
	local label=$1 status i
	kill -TERM "$SERVER_PID"
	for ((i = 0; i < 300; i++)); do
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.1
	done
	wait "$SERVER_PID"
	status=$?
	SERVER_PID=
	WHY="exit status $status" check "$label: SIGTERM stops it (exit 143, SuccessExitStatus)" test "$status" = 143
	wait "$LISTENER_PID"
	status=$?
	LISTENER_PID=
	WHY="listener exit $status: $(tail -n 2 "$WORK/notify-$label.out" | tr '\n' ' ')" check "$label: STOPPING=1 on NOTIFY_SOCKET" test "$status" = 0
}
login() { # label jid password -> checks
	local out
	LOGIN_OUT=$(java -cp "$TEST_CP" net.bluemind.xmpp.packaging.LoginCheck $HOST $C2S_PORT "$2" "$3" \
		/var/lib/bm-xmpp/certs/acme.test.pem 2>&1)
	echo "$LOGIN_OUT" >"$WORK/login-$1.out"
}

READY_MS=
start_server first-start
FIRST_READY_MS=$READY_MS
login alice alice@acme.test alice
WHY="$LOGIN_OUT" check "first start: alice@acme.test logs in over STARTTLS (checked by bm-core-sim)" grep -q '^logged in as alice@acme.test/package-test over TLS' <<<"$LOGIN_OUT"
login dave dave@acme.test dave
WHY="$LOGIN_OUT" check "first start: dave (no hasIM role) is refused" grep -q 'not-authorized' <<<"$LOGIN_OUT"
check "a self-signed certificate generated in /var/lib/bm-xmpp/certs" test -s /var/lib/bm-xmpp/certs/acme.test.pem
check "/var/log/bm-xmpp/xmpp.log written, owned by bm-xmpp" bash -c \
	"[[ \$(stat -c %U /var/log/bm-xmpp/xmpp.log) == bm-xmpp ]] && grep -q 'started' /var/log/bm-xmpp/xmpp.log"
check "user data in /var/lib/bm-xmpp/db" test -d /var/lib/bm-xmpp/db
stop_server first-start
cp /var/lib/bm-xmpp/certs/acme.test.pem "$WORK/cert-before-upgrade.pem"

# --- 5. upgrade to a newer build: same content, higher version ---------------------------------------------------------
say "building a newer package (jdeb again over the same files)..."
sleep 1 # the version has a one-second resolution
if ! mvn -B -q -pl packaging jdeb:jdeb@deb >"$WORK/build2.log" 2>&1 </dev/null; then
	tail -n 20 "$WORK/build2.log" >&2
fi
DEB2=$(newest_deb)
V2=$(dpkg-deb -f "$DEB2" Version 2>/dev/null)
WHY="$V2 is not newer than $V1" must "a newer build has a higher Debian version" dpkg --compare-versions "$V2" gt "$V1"
say "apt-get install ./$(basename "$DEB2") (upgrade)"
if ! DEBIAN_FRONTEND=noninteractive apt-get install "${APT_OPTS[@]}" "./$DEB2" >"$WORK/upgrade.log" 2>&1 </dev/null; then
	tail -n 20 "$WORK/upgrade.log" >&2
fi
must "upgrade: $V1 -> $V2 installed" test "$(dpkg-query -W -f='${db:Status-Abbrev}${Version}' bm-xmpp)" = "ii $V2"
WHY="$(diff "$WORK/admin.yaml" "$YAML" | head -n 5 | tr '\n' ' ')" check "upgrade: the admin-modified $YAML kept as is" cmp -s "$WORK/admin.yaml" "$YAML"
check "upgrade: no .dpkg-new/.dpkg-dist left beside it" bash -c "! ls /etc/bm-xmpp/*.dpkg-* 2>/dev/null | grep -q ."
WHY="$(owner $YAML)" check "upgrade: $YAML still root:bm-xmpp 640" test "$(owner $YAML)" = "root:bm-xmpp 640"
check "upgrade: the certificate kept" cmp -s "$WORK/cert-before-upgrade.pem" /var/lib/bm-xmpp/certs/acme.test.pem
start_server after-upgrade
login alice2 alice@acme.test alice
WHY="$LOGIN_OUT" check "after the upgrade: alice logs in" grep -q '^logged in as alice@acme.test' <<<"$LOGIN_OUT"
stop_server after-upgrade

# --- 6. remove: configuration kept; purge: everything gone -------------------------------------------------------------
say "apt-get remove bm-xmpp"
DEBIAN_FRONTEND=noninteractive apt-get remove "${APT_OPTS[@]}" bm-xmpp >"$WORK/remove.log" 2>&1 </dev/null
WHY="$(dpkg-query -W -f='${db:Status-Abbrev}' bm-xmpp 2>&1)" check "remove: package in state 'rc' (config-files)" \
	test "$(dpkg-query -W -f='${db:Status-Abbrev}' bm-xmpp 2>/dev/null)" = "rc "
check "remove: $YAML kept, with the admin's changes" cmp -s "$WORK/admin.yaml" "$YAML"
check "remove: the unit file is gone" test ! -e /lib/systemd/system/bm-xmpp.service
check "remove: /usr/share/bm-xmpp is gone" test ! -e /usr/share/bm-xmpp
check "remove: state kept (/var/lib/bm-xmpp)" test -d /var/lib/bm-xmpp/db
check "remove: user bm-xmpp kept" getent passwd bm-xmpp

say "apt-get purge bm-xmpp"
DEBIAN_FRONTEND=noninteractive apt-get purge "${APT_OPTS[@]}" bm-xmpp >"$WORK/purge.log" 2>&1 </dev/null
WHY="$(dpkg-query -W -f='${db:Status-Abbrev}' bm-xmpp 2>&1)" check "purge: package unknown to dpkg" \
	bash -c "! dpkg-query -W -f='\${db:Status-Abbrev}' bm-xmpp 2>/dev/null | grep -q '^[ir]'"
check "purge: /etc/bm-xmpp gone" test ! -e /etc/bm-xmpp
check "purge: /var/lib/bm-xmpp gone" test ! -e /var/lib/bm-xmpp
check "purge: /var/log/bm-xmpp gone" test ! -e /var/log/bm-xmpp
check "purge: user bm-xmpp gone" bash -c "! getent passwd bm-xmpp"
check "purge: group bm-xmpp gone" bash -c "! getent group bm-xmpp"
check "purge: no systemd link left" bash -c "! ls /etc/systemd/system/*.wants/bm-xmpp.service /etc/systemd/system/bm-xmpp.service 2>/dev/null | grep -q ."
INSTALLED_BY_US=

say "package $(basename "$DEB2"): $(du -h "$DEB2" | cut -f1), ready $FIRST_READY_MS ms after the launcher started (first start), $READY_MS ms (after the upgrade)"
