package net.bluemind.xmpp.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of {@code BenchMain compare}: which servers, which scenario runs, their sizes, where each server
 * listens, how our server is started, where results go.
 *
 * @param oursCommand the command line that starts our server (empty when ours is not compared)
 * @param latencyRate messages/s of the latency run; 0 = half of our measured saturation
 * @param passThrough scenario options given as is to every run (e.g. --source-addresses, --io-threads)
 */
record CompareOptions(List<String> servers, List<String> runs, Map<String, String> hosts, int idleConnections,
        int loginPool, int pairs, int durationSeconds, int warmupSeconds, int presenceUsers, int contacts,
        int accounts, int latencyRate, List<String> oursCommand, String oursConfig, Path workDir, Path resultsDir,
        List<String> passThrough) {

    static final List<String> SERVERS = List.of("ours", "prosody", "ejabberd");
    /** The runs, in the order each server gets them; "latency" is messages at a fixed rate. */
    static final List<String> RUNS = List.of("idle", "logins", "messages", "latency", "presence");
    static final Map<String, String> DEFAULT_HOSTS = Map.of("ours", "127.0.0.1", "prosody", "127.0.0.7", "ejabberd",
            "127.0.0.8");
    private static final Set<String> PASS_THROUGH = Set.of("--source-addresses", "--io-threads",
            "--login-concurrency", "--login-timeout");

    static String usage() {
        return """
                usage: BenchMain compare [options]

                Starts each server in turn (never two at once), runs the same scenarios against it with
                STARTTLS on port 5222 and the same accounts, stops it; then prints a table per scenario with
                each server's figure and our ratio to each peer, and writes it as text, CSV, JSON and SVG.

                  --servers A,B            among ours, prosody, ejabberd (all three)
                  --scenarios A,B          among idle, logins, messages, latency, presence (all)
                                           latency = messages at --latency-rate (half of our saturation)
                  --connections N          idle: authenticated TLS connections held (10000)
                  --login-pool N           logins: accounts cycled over (1000)
                  --pairs N                messages, latency: online pairs (1000)
                  --duration S             measured seconds of logins, messages, latency, presence (15)
                  --warmup S               unmeasured seconds before measuring (5)
                  --presence-users N       presence: users, in groups of --contacts + 1 (202)
                  --contacts N             presence: contacts of each user (100)
                  --accounts N             peers: accounts bench1..benchN created once (10000)
                  --latency-rate R         latency: total msg/s; 0 = half of our saturation (0)
                  --ours-host A, --prosody-host A, --ejabberd-host A
                                           listening addresses (127.0.0.1, 127.0.0.7, 127.0.0.8)
                  --ours-command "CMD"     how to start our server (given by ./bm-xmpp), split on spaces
                  --ours-config FILE       our configuration, for the record
                  --work-dir DIR           peers' configuration, accounts and data, kept (target/bench-peers)
                  --results-dir DIR        where results go (bench/results)
                  --source-addresses, --io-threads, --login-concurrency, --login-timeout
                                           given to every scenario run
                """;
    }

    static CompareOptions parse(String... args) throws BadOptionException {
        Map<String, String> v = new HashMap<>();
        List<String> pass = new ArrayList<>();
        Set<String> valued = Set.of("--servers", "--scenarios", "--connections", "--login-pool", "--pairs",
                "--duration", "--warmup", "--presence-users", "--contacts", "--accounts", "--latency-rate",
                "--ours-host", "--prosody-host", "--ejabberd-host", "--ours-command", "--ours-config", "--work-dir",
                "--results-dir");
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            String value = null;
            int eq = name.indexOf('=');
            if (name.startsWith("--") && eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            boolean passed = PASS_THROUGH.contains(name);
            if (!passed && !valued.contains(name)) {
                throw new BadOptionException("unknown option " + name);
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new BadOptionException("option " + name + " needs a value");
                }
                value = args[++i];
            }
            if (passed) {
                pass.add(name);
                pass.add(value);
            } else if (v.put(name, value) != null) {
                throw new BadOptionException("option " + name + " is given twice");
            }
        }
        List<String> servers = list(v.getOrDefault("--servers", String.join(",", SERVERS)), SERVERS, "--servers");
        List<String> runs = list(v.getOrDefault("--scenarios", String.join(",", RUNS)), RUNS, "--scenarios");
        // keep the canonical order: ours first (the latency run needs our saturation), runs as listed in RUNS
        servers = SERVERS.stream().filter(servers::contains).toList();
        runs = RUNS.stream().filter(runs::contains).toList();
        Map<String, String> hosts = new HashMap<>(DEFAULT_HOSTS);
        for (String s : SERVERS) {
            String h = v.get("--" + s + "-host");
            if (h != null) {
                hosts.put(s, h);
            }
        }
        int latencyRate = integer(v, "--latency-rate", 0, 0, Integer.MAX_VALUE);
        if (runs.contains("latency") && latencyRate == 0 && !(servers.contains("ours") && runs.contains("messages"))) {
            throw new BadOptionException(
                    "the latency run needs our saturation (servers ours and scenario messages) or --latency-rate");
        }
        String command = v.get("--ours-command");
        if (servers.contains("ours") && (command == null || command.isBlank())) {
            throw new BadOptionException("--ours-command is needed to start our server");
        }
        List<String> oursCommand = command == null ? List.of() : List.of(command.trim().split("\\s+"));
        int presenceUsers = integer(v, "--presence-users", 202, 2, 1_000_000);
        int contacts = integer(v, "--contacts", 100, 1, 10_000);
        if (presenceUsers < contacts + 1) {
            throw new BadOptionException("--presence-users must be at least --contacts + 1");
        }
        int idle = integer(v, "--connections", 10_000, 1, 10_000_000);
        int pairs = integer(v, "--pairs", 1000, 1, 5_000_000);
        int loginPool = integer(v, "--login-pool", 1000, 1, 10_000_000);
        int accounts = integer(v, "--accounts", 10_000, 1, 10_000_000);
        int needed = Math.max(Math.max(idle, 2 * pairs), Math.max(loginPool, presenceUsers));
        if (accounts < needed) {
            throw new BadOptionException("--accounts " + accounts + " is fewer than the runs use (" + needed + ")");
        }
        return new CompareOptions(servers, runs, Map.copyOf(hosts), idle, loginPool, pairs,
                integer(v, "--duration", 15, 1, 24 * 3600), integer(v, "--warmup", 5, 0, 3600), presenceUsers,
                contacts, accounts, latencyRate, oursCommand, v.getOrDefault("--ours-config", "?"),
                Path.of(v.getOrDefault("--work-dir", "target/bench-peers")),
                Path.of(v.getOrDefault("--results-dir", "bench/results")), List.copyOf(pass));
    }

    private static List<String> list(String value, List<String> allowed, String option) throws BadOptionException {
        Set<String> out = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            if (!allowed.contains(p)) {
                throw new BadOptionException("option " + option + ": '" + p + "' is not one of " + String.join(", ", allowed));
            }
            out.add(p);
        }
        if (out.isEmpty()) {
            throw new BadOptionException("option " + option + ": nothing given");
        }
        return List.copyOf(out);
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

    /**
     * The scenario command line of one run against one server, or null when the run cannot be made (latency without
     * a rate). {@code saturation} is our measured messages/s (0 when unknown).
     */
    List<String> scenarioArgs(String run, String host, long pid, double saturation) {
        List<String> a = new ArrayList<>();
        switch (run) {
        case "idle" -> a.addAll(List.of("idle", "--connections", Integer.toString(idleConnections)));
        case "logins" -> a.addAll(List.of("logins", "--connections", Integer.toString(loginPool), "--duration",
                Integer.toString(durationSeconds), "--warmup", Integer.toString(warmupSeconds)));
        case "messages" -> a.addAll(List.of("messages", "--pairs", Integer.toString(pairs), "--duration",
                Integer.toString(durationSeconds), "--warmup", Integer.toString(warmupSeconds)));
        case "latency" -> {
            long rate = latencyRate > 0 ? latencyRate : Math.round(saturation / 2);
            if (rate <= 0) {
                return null;
            }
            a.addAll(List.of("messages", "--pairs", Integer.toString(pairs), "--rate", Long.toString(rate),
                    "--duration", Integer.toString(durationSeconds), "--warmup", Integer.toString(warmupSeconds)));
        }
        case "presence" -> a.addAll(List.of("presence", "--connections", Integer.toString(presenceUsers),
                "--contacts", Integer.toString(contacts), "--duration", Integer.toString(durationSeconds), "--warmup",
                Integer.toString(warmupSeconds)));
        default -> throw new IllegalArgumentException(run);
        }
        a.addAll(List.of("--host", host, "--port", "5222", "--tls", "starttls"));
        if (pid > 0) {
            a.addAll(List.of("--server-pid", Long.toString(pid)));
        }
        a.addAll(passThrough);
        return a;
    }
}
