#!/usr/bin/env bash
# A long fuzzing session on one fuzz target of bm-xmpp-server, with Jazzer's own driver (the JUnit
# integration caps a run at the target's @FuzzTest maxDuration; this one runs as long as asked).
#
#   scripts/fuzz.sh TARGET [SECONDS] [-- extra libFuzzer/Jazzer flags]
#   scripts/fuzz.sh list
#
# TARGET is a fuzz test class, e.g. XmppStreamDecoderFuzzTest (see `list`); the driver calls its
# static fuzzerTestOneInput, which runs the class's @FuzzTest method.
# Inputs that find new coverage go to bm-xmpp-server/.cifuzz-corpus/<class>/<method>/ (kept between
# sessions, not committed); a crash is written to bm-xmpp-server/target/fuzz/ as crash-<sha1>: fix
# it, then copy it next to the target's seeds (src/test/resources/<package>/<Class>Inputs/<method>/) so
# the normal test run replays it for ever. Builds the test classes first (mvn -o test-compile).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../bm-xmpp-server"

targets() {
	grep -rl '^ *@FuzzTest(' src/test/java | while read -r f; do
		cls=$(basename "$f" .java)
		grep -A2 '^ *@FuzzTest(' "$f" | sed -n 's/.*void \([a-zA-Z0-9_]*\)(.*/\1/p' | sed "s/^/$cls  (@FuzzTest /; s/$/)/"
	done
}

if [[ $# -lt 1 || $1 == list ]]; then
	echo "fuzz targets:"; targets | sed 's/^/  /'
	[[ $# -ge 1 ]] && exit 0 || exit 2
fi
target=$1; seconds=${2:-600}; shift $(( $# >= 2 ? 2 : 1 ))
[[ ${1:-} == -- ]] && shift
cls=${target%%#*}
file=$(grep -rl "class $cls\b" src/test/java | head -1)
[[ -n $file ]] || { echo "no fuzz test class $cls" >&2; exit 2; }
pkg=$(sed -n 's/^package \(.*\);/\1/p' "$file")
method=$(grep -A2 '^ *@FuzzTest(' "$file" | sed -n 's/.*void \([a-zA-Z0-9_]*\)(.*/\1/p' | head -1)

snapshot=$PWD/target/fuzz/classes-$$
mkdir -p "$snapshot"
trap 'rm -rf "$snapshot"' EXIT
# From the root, with the modules the engine depends on (bm-xmpp-spi), which are not installed in ~/.m2. The class
# path goes to a file (on stdout Maven may prefix it with a terminal colour code); each module writes it in turn,
# the engine last, and names the SPI module by its target/classes.
(cd .. && mvn -B -q -o -pl bm-xmpp-server -am process-test-resources test-compile dependency:build-classpath \
	-Dmdep.includeScope=test -Dmdep.outputFile="$snapshot/classpath")
# A copy of the classes, so a build during a long session does not pull them from under the fuzzer.
cp -r target/classes "$snapshot/main" && cp -r target/test-classes "$snapshot/test"
cp=$snapshot/test:$snapshot/main:$(cat "$snapshot/classpath")
corpus=.cifuzz-corpus/$pkg.$cls/$method
seeds=src/test/resources/${pkg//.//}/${cls}Inputs/$method
mkdir -p "$corpus" target/fuzz
echo "fuzzing $pkg.$cls for ${seconds}s; corpus $corpus, seeds $seeds"
# Coverage guides the fuzzer through our code and the parsers it relies on (Aalto, PRECIS, jxmpp). The
# SSRF detector is off: the routing target's own connections to its server on loopback are no attack.
java -cp "$cp" com.code_intelligence.jazzer.Jazzer \
	--target_class="$pkg.$cls" \
	--instrumentation_includes='net.bluemind.**:com.fasterxml.aalto.**:rocks.xmpp.**:org.jxmpp.**' \
	--disabled_hooks=com.code_intelligence.jazzer.sanitizers.ServerSideRequestForgery \
	-max_total_time="$seconds" -artifact_prefix=target/fuzz/ -print_final_stats=1 \
	"$@" "$corpus" "$seeds"
