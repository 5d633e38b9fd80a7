package net.bluemind.xmpp.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of one run: parameters, measured results, server figures and errors, printed for humans and written
 * as JSON for tooling. Keys carry their unit ("_per_s", "_ms", "_kb") so both forms read without a legend.
 */
final class BenchReport {

    private final String scenario;
    private final Map<String, Object> parameters;
    private final MachineInfo machine;
    private final Instant startedAt = Instant.now();
    private final Map<String, Object> environment = new LinkedHashMap<>();
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final Map<String, Object> server = new LinkedHashMap<>();
    private FailureLog failures;
    private String outcome = "completed";

    BenchReport(String scenario, Map<String, Object> parameters, MachineInfo machine) {
        this.scenario = scenario;
        this.parameters = parameters;
        this.machine = machine;
    }

    /** How the generator itself ran (transport, TLS provider): explains differences between generator hosts. */
    void environment(String key, Object value) {
        environment.put(key, value);
    }

    void result(String key, Object value) {
        results.put(key, value);
    }

    void server(String key, Object value) {
        server.put(key, value);
    }

    void failures(FailureLog log) {
        this.failures = log;
    }

    /** "completed", or why the run stopped early (shown first so nobody reads numbers of a broken run). */
    void outcome(String value) {
        this.outcome = value;
    }

    void print(PrintStream out) {
        out.println();
        out.println("=== bm-xmpp-bench " + scenario + " (" + outcome + ") ===");
        section(out, "parameters", parameters);
        section(out, "generator", environment);
        section(out, "results", results);
        if (!server.isEmpty()) {
            section(out, "server", server);
        }
        if (failures != null) {
            out.println("errors: " + failures.total());
            Map<String, String> examples = failures.examplesByKind();
            failures.countsByKind().forEach((kind, count) -> {
                out.printf(Locale.ROOT, "  %8d  %s%n", count, kind);
                String ex = examples.get(kind);
                if (ex != null && !ex.equals(kind)) {
                    out.println("            e.g. " + ex.replace("\n", "\n            "));
                }
            });
        }
        out.println();
    }

    private static void section(PrintStream out, String title, Map<String, Object> values) {
        out.println(title + ":");
        int width = values.keySet().stream().mapToInt(String::length).max().orElse(0);
        values.forEach((k, v) -> out.printf(Locale.ROOT, "  %-" + width + "s  %s%n", k, format(v)));
    }

    private static String format(Object v) {
        if (v instanceof Double d) {
            if (!Double.isFinite(d)) {
                return "n/a";
            }
            return String.format(Locale.ROOT, Math.abs(d) >= 100 ? "%.1f" : "%.3f", d);
        }
        return String.valueOf(v);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tool", "bm-xmpp-bench");
        m.put("scenario", scenario);
        m.put("outcome", outcome);
        m.put("started_at", startedAt.toString());
        m.put("finished_at", Instant.now().toString());
        m.put("machine", machine.toMap());
        m.put("generator", environment);
        m.put("parameters", parameters);
        m.put("results", results);
        m.put("server", server.isEmpty() ? null : server);
        if (failures != null) {
            Map<String, Object> errors = new LinkedHashMap<>();
            errors.put("total", failures.total());
            errors.put("by_kind", failures.countsByKind());
            errors.put("examples", failures.examplesByKind());
            m.put("errors", errors);
        }
        return m;
    }

    void writeJson(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, JsonWriter.toJson(toMap()), StandardCharsets.UTF_8);
    }
}
