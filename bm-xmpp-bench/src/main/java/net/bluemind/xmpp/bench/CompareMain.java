package net.bluemind.xmpp.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code BenchMain compare}: our server, Prosody and ejabberd side by side. Each server is started alone, gets every
 * run (same generator, same options apart from its address), and is stopped before the next one starts; the
 * latency run uses half of the saturation measured on our server, so ours runs first.
 */
final class CompareMain {

    static final String COMMAND = "compare";

    private CompareMain() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (BenchOptions.wantsHelp(args)) {
            out.print(CompareOptions.usage());
            return Scenario.EXIT_OK;
        }
        CompareOptions c;
        try {
            c = CompareOptions.parse(args);
        } catch (BadOptionException e) {
            err.println("bm-xmpp-bench compare: " + e.getMessage());
            err.println();
            err.print(CompareOptions.usage());
            return Scenario.EXIT_BAD_OPTIONS;
        }
        long t0 = System.nanoTime();
        Comparison comparison = new Comparison(c.servers());
        Map<String, Object> described = new LinkedHashMap<>();
        double saturation = 0;
        for (String name : c.servers()) {
            for (String r : c.runs()) {
                BenchServers.Server server = server(c, name);
                described.put(name, server.describe() + " on " + server.host() + ":5222");
                err.println();
                err.println("===== " + name + " " + r + ": " + server.describe() + " =====");
                // a fresh server per run: a run that saturates a server leaves it a backlog (queued stanzas,
                // offline storage of what was in flight) that must not slow the next run down
                try (server) {
                    long pid;
                    try {
                        pid = server.start(err);
                    } catch (Exception e) {
                        err.println(name + " did not start: " + e.getMessage());
                        comparison.failed(name, r, "server did not start: " + firstLine(e.getMessage()));
                        continue;
                    }
                    err.println(name + " is up (pid " + pid + ")");
                    saturation = runOne(c, comparison, name, r, server, pid, saturation, err);
                } catch (Exception e) {
                    err.println(name + ": stopping failed: " + firstLine(e.getMessage()));
                }
            }
        }
        double minutes = (System.nanoTime() - t0) / 60e9;

        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        MachineInfo machine = MachineInfo.detect();
        String table = comparison.table();
        StringBuilder text = new StringBuilder();
        text.append("=== bm-xmpp-bench compare ").append(stamp).append(" ===\n");
        described.forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
        text.append(String.format(java.util.Locale.ROOT, "machine: %d cores, %d MB, %s; run took %.1f min%n",
                machine.cores(), machine.memTotalKb() / 1024, machine.os(), minutes));
        text.append("ratios are ours / peer: above 1 favours us where higher is better, below 1 where lower is\n\n");
        text.append(table);
        comparison.outcomes().forEach((server, runs) -> runs.forEach((run, outcome) -> {
            if (!outcome.equals("completed")) {
                text.append("note: ").append(server).append(' ').append(run).append(": ").append(outcome).append('\n');
            }
        }));
        out.println();
        out.print(text);

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tool", "bm-xmpp-bench compare");
        json.put("stamp", stamp);
        json.put("machine", machine.toMap());
        json.put("duration_min", minutes);
        json.put("servers_described", described);
        json.put("options", Map.of("scenarios", c.runs(), "idle_connections", c.idleConnections(), "pairs",
                c.pairs(), "duration_s", c.durationSeconds(), "warmup_s", c.warmupSeconds(), "presence_users",
                c.presenceUsers(), "contacts", c.contacts(), "latency_rate_msg_per_s",
                c.latencyRate() > 0 ? c.latencyRate() : Math.round(saturation / 2)));
        json.putAll(comparison.toMap());
        try {
            Files.createDirectories(c.resultsDir());
            Path base = c.resultsDir().resolve("compare-" + stamp);
            Files.writeString(Path.of(base + ".txt"), text, StandardCharsets.UTF_8);
            Files.writeString(Path.of(base + ".csv"), comparison.csv(), StandardCharsets.UTF_8);
            Files.writeString(Path.of(base + ".json"), JsonWriter.toJson(json), StandardCharsets.UTF_8);
            Files.writeString(Path.of(base + ".svg"), ComparisonChart.svg(comparison, machine, stamp),
                    StandardCharsets.UTF_8);
            err.println("results written to " + base + ".{txt,csv,json,svg}");
        } catch (IOException e) {
            err.println("bm-xmpp-bench compare: cannot write results: " + e);
        }
        return Scenario.EXIT_OK;
    }

    /** Runs one scenario against a started server; returns our saturation (updated after our messages run). */
    private static double runOne(CompareOptions c, Comparison comparison, String name, String r,
            BenchServers.Server server, long pid, double saturation, PrintStream err) {
        List<String> a = c.scenarioArgs(r, server.host(), pid, saturation);
        if (a == null) {
            comparison.failed(name, r, "skipped: no rate (our saturation unknown)");
            return saturation;
        }
        err.println("--- " + name + " " + r + ": " + String.join(" ", a));
        BenchOptions o;
        try {
            o = BenchOptions.parse(a.toArray(String[]::new));
        } catch (BadOptionException e) {
            comparison.failed(name, r, "bad options: " + e.getMessage());
            return saturation;
        }
        BenchMain.Outcome outcome = BenchMain.execute(o, err);
        outcome.report().print(err);
        comparison.add(name, r, outcome.report().toMap());
        if (name.equals(Comparison.OURS) && r.equals("messages")) {
            Double v = comparison.value(name, Comparison.METRICS.stream()
                    .filter(m -> m.run().equals("messages") && m.key().equals("delivered_per_s")).findFirst()
                    .orElseThrow());
            return v == null ? 0 : v;
        }
        return saturation;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "?";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static BenchServers.Server server(CompareOptions c, String name) {
        String host = c.hosts().get(name);
        return switch (name) {
        case "ours" -> new BenchServers.Ours(host, c.oursCommand(), c.workDir().resolve("ours-server.log"),
                c.oursConfig());
        case "prosody" -> new BenchServers.Prosody(host, c.workDir().resolve("prosody"), "acme.test", c.accounts(),
                "bench", "bench", c.presenceUsers(), c.contacts());
        case "ejabberd" -> new BenchServers.Ejabberd(host, c.workDir().resolve("ejabberd"), "acme.test",
                c.accounts(), "bench", "bench");
        default -> throw new IllegalArgumentException(name);
        };
    }
}
