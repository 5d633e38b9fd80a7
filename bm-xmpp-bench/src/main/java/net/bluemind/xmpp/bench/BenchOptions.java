package net.bluemind.xmpp.bench;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parsed command line. Every option has a default so that {@code BenchMain idle} alone is a valid run.
 *
 * @param serverPid 0 when no server process is to be probed
 * @param json      null when no JSON file is wanted
 */
record BenchOptions(Scenario scenario, String host, int port, TlsMode tls, String domain, String userPrefix,
        String password, int firstUser, int connections, int pairs, int rate, int window, int durationSeconds,
        int warmupSeconds, int loginConcurrency, List<InetAddress> sourceAddresses, long serverPid, Path json,
        int ioThreads, boolean presence, String resource, int loginTimeoutSeconds, int bodyPadding,
        int archiveMessages, int archiveTimeoutSeconds, int queryClients, int queries, int contacts) {

    enum Scenario {
        IDLE("idle"), MESSAGES("messages"), LOGINS("logins"), MAM("mam"), PRESENCE("presence");

        final String label;

        Scenario(String label) {
            this.label = label;
        }
    }

    private static final Set<String> FLAGS = Set.of("--no-presence");
    private static final Set<String> VALUED = Set.of("--host", "--port", "--tls", "--domain", "--user-prefix",
            "--password", "--first-user", "--connections", "--pairs", "--rate", "--window", "--duration",
            "--warmup", "--login-concurrency", "--source-addresses", "--server-pid", "--json", "--io-threads",
            "--resource", "--login-timeout", "--body-padding", "--archive-messages", "--archive-timeout",
            "--query-clients", "--queries", "--contacts");

    static String usage() {
        return """
                usage: BenchMain <idle|messages|logins|mam|presence> [options]

                  idle      open --connections logged-in connections, report login rate and server memory per
                            connection, hold them --duration s (default 0), close them
                  messages  2 x --pairs connections, partners exchange chat messages for --duration s (default 30)
                            after --warmup s (default 5): throughput and latency
                  logins    connect + TLS + SASL + bind + close in a loop for --duration s (default 30), cycling
                            over --connections accounts: logins/s and login latency
                  mam       fills the archive: --pairs (default 10) exchange --archive-messages chat messages
                            at saturation (--window); waits for the archive to hold them; then --query-clients
                            issue --queries MAM queries one at a time (last page with the partner, page after
                            an id, full-text search of a unique word, count): latency per kind, server CPU/query
                  presence  --connections users (default 202) in groups of --contacts + 1, each group's members
                            mutual contacts (made over XMPP: subscribe/subscribed, kept by the server); all
                            online, each changes presence with --window changes in flight (default 2):
                            delivered presence stanzas/s (fan-out), latency, server CPU per stanza

                  --host H                 server address (127.0.0.1)
                  --port P                 server port (5223 with --tls direct, 5222 otherwise)
                  --tls direct|starttls|none   (direct)
                  --domain D               XMPP domain, also the TLS SNI name (acme.test)
                  --user-prefix S          accounts are <S><n>@<D> (bench)
                  --password S             password of every account (bench)
                  --first-user N           first account number (1)
                  --connections N          idle: connections; logins: account pool size (1000); presence: users (202)
                  --pairs N                messages, mam: number of user pairs (messages 100, mam 10)
                  --rate R                 messages: total messages/s, 0 = saturate with --window (0)
                  --window W               messages: in-flight messages per sender when --rate 0 (16);
                                           presence: in-flight changes per user (2)
                  --duration S             measured seconds (idle 0, others 30)
                  --warmup S               unmeasured seconds before measuring (5)
                  --login-concurrency C    max logins in progress at once (200)
                  --source-addresses A,B   local addresses to connect from, round-robin (kernel's choice)
                  --server-pid PID         probe this server process: heap (jcmd), RSS and CPU (/proc)
                  --json FILE              also write the results as JSON
                  --io-threads T           event loop threads (number of cores)
                  --no-presence            do not send initial presence after binding
                  --resource R             resource to bind (r)
                  --login-timeout S        give up a login after S seconds (30)
                  --body-padding N         extra bytes in each message body (0)
                  --archive-messages N     mam: chat messages sent in all to fill the archive (100000)
                  --archive-timeout S      mam: longest wait for the archive to hold them; presence: for the
                                           rosters to be complete (300)
                  --query-clients N        mam: connections issuing the queries (4)
                  --queries N              mam: queries in total, a quarter of each kind (400)
                  --contacts N             presence: contacts of each user (100)
                """;
    }

    /** True when the user asked for help rather than a run. */
    static boolean wantsHelp(String... args) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h") || a.equals("help")) {
                return true;
            }
        }
        return false;
    }

    static BenchOptions parse(String... args) throws BadOptionException {
        Scenario scenario = null;
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                if (scenario != null) {
                    throw new BadOptionException("unexpected argument '" + arg + "' (scenario is already "
                            + scenario.label + ")");
                }
                scenario = scenario(arg);
                continue;
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (FLAGS.contains(name)) {
                if (value != null) {
                    throw new BadOptionException("option " + name + " takes no value");
                }
                value = "true";
            } else if (!VALUED.contains(name)) {
                throw new BadOptionException("unknown option " + name);
            } else if (value == null) {
                if (i + 1 >= args.length) {
                    throw new BadOptionException("option " + name + " needs a value");
                }
                value = args[++i];
            }
            if (values.put(name, value) != null) {
                throw new BadOptionException("option " + name + " is given twice");
            }
        }
        if (scenario == null) {
            throw new BadOptionException("missing scenario: idle, messages, logins, mam or presence");
        }
        return build(scenario, values);
    }

    private static Scenario scenario(String arg) throws BadOptionException {
        for (Scenario s : Scenario.values()) {
            if (s.label.equals(arg)) {
                return s;
            }
        }
        throw new BadOptionException("unknown scenario '" + arg + "': expected idle, messages, logins, mam or presence");
    }

    private static BenchOptions build(Scenario scenario, Map<String, String> v) throws BadOptionException {
        String tlsLabel = v.getOrDefault("--tls", "direct");
        TlsMode tls = TlsMode.fromLabel(tlsLabel);
        if (tls == null) {
            throw new BadOptionException("option --tls: '" + tlsLabel + "' is not one of direct, starttls, none");
        }
        int defaultDuration = scenario == Scenario.IDLE ? 0 : 30;
        int cores = Runtime.getRuntime().availableProcessors();
        // rates are divided by the measured time: only idle may have none
        int minDuration = scenario == Scenario.IDLE ? 0 : 1;
        return new BenchOptions(scenario, //
                text(v, "--host", "127.0.0.1"), //
                integer(v, "--port", tls.defaultPort, 1, 65535), //
                tls, //
                text(v, "--domain", "acme.test"), //
                text(v, "--user-prefix", "bench"), //
                text(v, "--password", "bench"), //
                integer(v, "--first-user", 1, 0, Integer.MAX_VALUE), //
                integer(v, "--connections", scenario == Scenario.PRESENCE ? 202 : 1000, 1, 10_000_000), //
                integer(v, "--pairs", scenario == Scenario.MAM ? 10 : 100, 1, 5_000_000), //
                integer(v, "--rate", 0, 0, Integer.MAX_VALUE), //
                integer(v, "--window", scenario == Scenario.PRESENCE ? 2 : 16, 1, 100_000), //
                integer(v, "--duration", defaultDuration, minDuration, 7 * 24 * 3600), //
                integer(v, "--warmup", 5, 0, 24 * 3600), //
                integer(v, "--login-concurrency", 200, 1, 1_000_000), //
                addresses(v.get("--source-addresses")), //
                pid(v.get("--server-pid")), //
                v.containsKey("--json") ? Path.of(text(v, "--json", null)) : null, //
                integer(v, "--io-threads", cores, 1, 1024), //
                !v.containsKey("--no-presence"), //
                text(v, "--resource", "r"), //
                integer(v, "--login-timeout", 30, 1, 3600), //
                integer(v, "--body-padding", 0, 0, 1_000_000), //
                integer(v, "--archive-messages", 100_000, 1, 1_000_000_000), //
                integer(v, "--archive-timeout", 300, 1, 24 * 3600), //
                integer(v, "--query-clients", 4, 1, 10_000), //
                integer(v, "--queries", 400, 1, 100_000_000), //
                integer(v, "--contacts", 100, 1, 10_000));
    }

    private static String text(Map<String, String> v, String name, String def) throws BadOptionException {
        String s = v.get(name);
        if (s == null) {
            return def;
        }
        if (s.isBlank()) {
            throw new BadOptionException("option " + name + " needs a non-empty value");
        }
        return s;
    }

    private static int integer(Map<String, String> v, String name, int def, int min, int max)
            throws BadOptionException {
        String s = v.get(name);
        if (s == null) {
            return def;
        }
        long n;
        try {
            n = Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new BadOptionException("option " + name + ": '" + s + "' is not an integer");
        }
        if (n < min || n > max) {
            throw new BadOptionException("option " + name + ": " + n + " is out of range [" + min + ", " + max + "]");
        }
        return (int) n;
    }

    private static List<InetAddress> addresses(String list) throws BadOptionException {
        List<InetAddress> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        for (String part : list.split(",")) {
            String a = part.trim();
            if (a.isEmpty()) {
                continue;
            }
            try {
                out.add(InetAddress.getByName(a));
            } catch (UnknownHostException e) {
                throw new BadOptionException("option --source-addresses: '" + a + "' is not an address");
            }
        }
        if (out.isEmpty()) {
            throw new BadOptionException("option --source-addresses: no address given");
        }
        return List.copyOf(out);
    }

    private static long pid(String s) throws BadOptionException {
        if (s == null) {
            return 0;
        }
        long pid;
        try {
            pid = Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new BadOptionException("option --server-pid: '" + s + "' is not a process id");
        }
        if (pid <= 0 || !Files.isDirectory(Path.of("/proc", Long.toString(pid)))) {
            throw new BadOptionException("option --server-pid: no process " + s + " on this machine");
        }
        return pid;
    }

    /** The options as reported with the results (only those that matter for the scenario). */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", host);
        m.put("port", port);
        m.put("tls", tls.label);
        m.put("domain", domain);
        m.put("accounts", userPrefix + firstUser + ".." + userPrefix + (firstUser + accountCount() - 1));
        switch (scenario) {
        case IDLE -> m.put("connections", connections);
        case MESSAGES -> {
            m.put("pairs", pairs);
            m.put("rate", rate == 0 ? "max (window " + window + ")" : rate + " msg/s");
            m.put("body_padding", bodyPadding);
            m.put("warmup_s", warmupSeconds);
        }
        case LOGINS -> m.put("warmup_s", warmupSeconds);
        case PRESENCE -> {
            m.put("users", PresenceScenario.groupCount(connections, contacts) * (contacts + 1));
            m.put("contacts", contacts);
            m.put("window", window);
            m.put("warmup_s", warmupSeconds);
        }
        case MAM -> {
            m.put("pairs", pairs);
            m.put("archive_messages", archiveMessages);
            m.put("window", window);
            m.put("archive_timeout_s", archiveTimeoutSeconds);
            m.put("query_clients", queryClients);
            m.put("queries", queries);
        }
        }
        if (scenario != Scenario.MAM) {
            m.put("duration_s", durationSeconds);
        }
        m.put("login_concurrency", loginConcurrency);
        m.put("presence", presence);
        m.put("io_threads", ioThreads);
        m.put("source_addresses", sourceAddresses.isEmpty() ? "default"
                : String.join(",", sourceAddresses.stream().map(InetAddress::getHostAddress).toList()));
        if (serverPid != 0) {
            m.put("server_pid", serverPid);
        }
        return m;
    }

    /** How many distinct accounts the scenario uses. */
    int accountCount() {
        return scenario == Scenario.MESSAGES || scenario == Scenario.MAM ? 2 * pairs : connections;
    }
}
