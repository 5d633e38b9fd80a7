package net.bluemind.xmpp.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The side-by-side figures of several servers: which figures of which scenario run are compared, each server's
 * value, and our ratio to each peer. Pure: fed with the reports' maps ({@link BenchReport#toMap()}), it formats the
 * table, CSV and JSON; {@link ComparisonChart} draws it.
 *
 * <p>
 * The ratio is always ours / peer, whatever the direction: for "higher is better" figures a ratio above 1 is in our
 * favour, for "lower is better" ones below 1 (the table says which applies per row).
 */
final class Comparison {

    /** The name our server goes by in the comparison; every ratio is relative to it. */
    static final String OURS = "ours";

    /**
     * One compared figure: {@code run} names the scenario run (one scenario may be run twice, e.g. messages at
     * saturation and at a fixed rate), {@code section} the report section ("results" or "server").
     */
    record Metric(String run, String section, String key, String label, String unit, boolean higherIsBetter) {
    }

    /** A row of the table: the metric, each server's value (null when not measured), ours / each peer. */
    record Row(Metric metric, Map<String, Double> values, Map<String, Double> ratios) {
    }

    /** What the comparison reports, in order; runs are named in {@link CompareOptions#RUNS}. */
    static final List<Metric> METRICS = List.of(
            new Metric("idle", "server", "rss_per_connection_kb", "memory per idle TLS connection (RSS)", "kB", false),
            new Metric("idle", "results", "connections_online", "idle connections online", "conn", true),
            new Metric("logins", "results", "logins_per_s", "login rate (TLS + SASL + bind)", "logins/s", true),
            new Metric("logins", "server", "cpu_per_login_ms", "server CPU per login", "ms", false),
            new Metric("logins", "results", "login_latency_p99_ms", "login latency p99", "ms", false),
            new Metric("messages", "results", "delivered_per_s", "messages delivered at saturation", "msg/s", true),
            new Metric("messages", "server", "cpu_per_delivered_message_us", "server CPU per message", "µs", false),
            new Metric("latency", "results", "delivered_per_s", "messages delivered at 50% of our saturation",
                    "msg/s", true),
            new Metric("latency", "results", "latency_p50_ms", "message latency p50 at 50% load", "ms", false),
            new Metric("latency", "results", "latency_p99_ms", "message latency p99 at 50% load", "ms", false),
            new Metric("presence", "results", "delivered_per_s", "presence stanzas delivered (fan-out 100)",
                    "stanzas/s", true),
            new Metric("presence", "server", "cpu_per_delivered_presence_us", "server CPU per presence stanza", "µs",
                    false),
            new Metric("presence", "results", "latency_p99_ms", "presence latency p99 at saturation", "ms", false));

    private final List<String> servers;
    /** server → run → the report as a map. */
    private final Map<String, Map<String, Map<String, Object>>> reports = new LinkedHashMap<>();
    /** server → run → outcome ("completed" or why not). */
    private final Map<String, Map<String, String>> outcomes = new LinkedHashMap<>();

    Comparison(List<String> servers) {
        this.servers = List.copyOf(servers);
        for (String s : servers) {
            reports.put(s, new LinkedHashMap<>());
            outcomes.put(s, new LinkedHashMap<>());
        }
    }

    List<String> servers() {
        return servers;
    }

    /** Records one run's report map (as {@link BenchReport#toMap()} makes it). */
    void add(String server, String run, Map<String, Object> report) {
        reports.get(server).put(run, report);
        Object outcome = report.get("outcome");
        outcomes.get(server).put(run, outcome == null ? "?" : outcome.toString());
    }

    /** Records a run that could not even start (server did not start, ...). */
    void failed(String server, String run, String why) {
        outcomes.get(server).put(run, why);
    }

    Map<String, Map<String, String>> outcomes() {
        return outcomes;
    }

    /** A number from a report, or null when absent or not a finite number. */
    Double value(String server, Metric m) {
        Map<String, Object> report = reports.get(server).get(m.run());
        if (report == null) {
            return null;
        }
        Object section = report.get(m.section());
        if (!(section instanceof Map<?, ?> values)) {
            return null;
        }
        Object v = values.get(m.key());
        if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        return null;
    }

    /** ours / peer, or null when either is unknown or the peer's is 0. */
    static Double ratio(Double ours, Double peer) {
        if (ours == null || peer == null || peer == 0) {
            return null;
        }
        return ours / peer;
    }

    /** The rows of the metrics some server has a value for, in {@link #METRICS} order. */
    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Metric m : METRICS) {
            Map<String, Double> values = new LinkedHashMap<>();
            boolean any = false;
            for (String s : servers) {
                Double v = value(s, m);
                values.put(s, v);
                any |= v != null;
            }
            if (!any) {
                continue;
            }
            Map<String, Double> ratios = new LinkedHashMap<>();
            if (servers.contains(OURS)) {
                for (String s : servers) {
                    if (!s.equals(OURS)) {
                        ratios.put(s, ratio(values.get(OURS), values.get(s)));
                    }
                }
            }
            rows.add(new Row(m, values, ratios));
        }
        return rows;
    }

    /** Peers, i.e. the servers other than ours (each gets a ratio column when ours was run). */
    List<String> peers() {
        return servers.stream().filter(s -> !s.equals(OURS)).toList();
    }

    static String number(Double v) {
        if (v == null) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String ratioText(Double r) {
        return r == null ? "n/a" : String.format(Locale.ROOT, "%.2fx", r);
    }

    /** The human-readable table: one block per scenario run, a column per server and per ratio. */
    String table() {
        List<String> header = new ArrayList<>();
        header.add("figure");
        header.add("unit");
        header.add("better");
        header.addAll(servers);
        boolean withRatios = servers.contains(OURS);
        if (withRatios) {
            for (String p : peers()) {
                header.add("ours/" + p);
            }
        }
        List<List<String>> lines = new ArrayList<>();
        String run = null;
        List<Integer> breaks = new ArrayList<>();
        for (Row r : rows()) {
            if (!r.metric().run().equals(run)) {
                run = r.metric().run();
                breaks.add(lines.size());
                List<String> title = new ArrayList<>();
                title.add("[" + run + "]");
                while (title.size() < header.size()) {
                    title.add("");
                }
                lines.add(title);
            }
            List<String> line = new ArrayList<>();
            line.add(r.metric().label());
            line.add(r.metric().unit());
            line.add(r.metric().higherIsBetter() ? "higher" : "lower");
            for (String s : servers) {
                line.add(number(r.values().get(s)));
            }
            if (withRatios) {
                for (String p : peers()) {
                    line.add(ratioText(r.ratios().get(p)));
                }
            }
            lines.add(line);
        }
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = header.get(i).length();
        }
        for (List<String> l : lines) {
            if (l.get(0).startsWith("[")) {
                continue;
            }
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], l.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        appendLine(sb, header, width);
        sb.append("-".repeat(java.util.Arrays.stream(width).sum() + 2 * (width.length - 1))).append('\n');
        for (List<String> l : lines) {
            if (l.get(0).startsWith("[")) {
                sb.append(l.get(0)).append('\n');
            } else {
                appendLine(sb, l, width);
            }
        }
        return sb.toString();
    }

    private static void appendLine(StringBuilder sb, List<String> cells, int[] width) {
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            if (i > 0) {
                sb.append("  ");
            }
            // text columns left-aligned, figures right-aligned
            if (i < 3) {
                sb.append(c).append(" ".repeat(width[i] - c.length()));
            } else {
                sb.append(" ".repeat(width[i] - c.length())).append(c);
            }
        }
        // no trailing blanks
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == ' ') {
            end--;
        }
        sb.setLength(end);
        sb.append('\n');
    }

    /** One line per metric and server: run, key, label, unit, better, server, value, ratio (ours / that server). */
    String csv() {
        StringBuilder sb = new StringBuilder("run,metric,label,unit,better,server,value,ours_ratio\n");
        for (Row r : rows()) {
            for (String s : servers) {
                Metric m = r.metric();
                Double v = r.values().get(s);
                Double ratio = s.equals(OURS) ? (v == null ? null : 1.0) : r.ratios().get(s);
                sb.append(csvCell(m.run())).append(',').append(csvCell(m.key())).append(',')
                        .append(csvCell(m.label())).append(',').append(csvCell(m.unit())).append(',')
                        .append(m.higherIsBetter() ? "higher" : "lower").append(',').append(csvCell(s)).append(',')
                        .append(v == null ? "" : plain(v)).append(',').append(ratio == null ? "" : plain(ratio))
                        .append('\n');
            }
        }
        return sb.toString();
    }

    private static String plain(double v) {
        return String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    static String csvCell(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** The comparison for JSON: rows with values and ratios, then every run's full report. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("servers", servers);
        List<Object> rows = new ArrayList<>();
        for (Row r : rows()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("run", r.metric().run());
            row.put("metric", r.metric().key());
            row.put("label", r.metric().label());
            row.put("unit", r.metric().unit());
            row.put("better", r.metric().higherIsBetter() ? "higher" : "lower");
            row.put("values", new LinkedHashMap<>(r.values()));
            row.put("ours_ratio", new LinkedHashMap<>(r.ratios()));
            rows.add(row);
        }
        m.put("table", rows);
        m.put("outcomes", outcomes);
        m.put("runs", reports);
        return m;
    }
}
