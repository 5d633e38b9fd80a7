package net.bluemind.xmpp.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws the comparison as a self-contained SVG (no script, no external font or style): a throughput panel and a
 * latency panel, one group of bars per figure, one bar per server. Each group has its own scale (its largest value
 * fills the height) since the figures differ by orders of magnitude; every bar carries its value.
 */
final class ComparisonChart {

    static final List<String> THROUGHPUT = List.of("messages/delivered_per_s", "presence/delivered_per_s",
            "logins/logins_per_s");
    static final List<String> LATENCY = List.of("latency/latency_p50_ms", "latency/latency_p99_ms");
    /** Short captions under the bar groups (the table has the long labels). */
    private static final Map<String, String> CAPTIONS = Map.of("messages/delivered_per_s", "messages/s (saturation)",
            "presence/delivered_per_s", "presence/s (fan-out)", "logins/logins_per_s", "logins/s",
            "latency/latency_p50_ms", "message p50 (ms)", "latency/latency_p99_ms", "message p99 (ms)");
    private static final String[] COLOURS = { "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd" };

    private static final int BAR = 46;
    private static final int GAP = 40;
    private static final int PANEL_HEIGHT = 220;
    private static final int TOP = 70;

    private ComparisonChart() {
    }

    static String svg(Comparison c, MachineInfo machine, String stamp) {
        List<Comparison.Row> rows = c.rows();
        List<String> servers = c.servers();
        int groupWidth = servers.size() * BAR + GAP;
        int groups = Math.max(THROUGHPUT.size(), LATENCY.size());
        int width = Math.max(640, 60 + groups * groupWidth + 40);
        int height = TOP + 2 * (PANEL_HEIGHT + 110) + 20;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT,
                "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' viewBox='0 0 %d %d' "
                        + "font-family='sans-serif' font-size='12'>%n",
                width, height, width, height));
        sb.append(String.format(Locale.ROOT, "<rect width='%d' height='%d' fill='white'/>%n", width, height));
        sb.append("<text x='20' y='24' font-size='16' font-weight='bold'>bm-xmpp side by side ")
                .append(escape(stamp)).append("</text>\n");
        sb.append("<text x='20' y='42'>").append(escape(machine.cores() + " cores, " + machine.memTotalKb() / 1024
                + " MB, " + machine.os())).append("</text>\n");
        int x = 20;
        for (int i = 0; i < servers.size(); i++) {
            sb.append(String.format(Locale.ROOT, "<rect x='%d' y='52' width='12' height='12' fill='%s'/>", x,
                    COLOURS[i % COLOURS.length]));
            sb.append(String.format(Locale.ROOT, "<text x='%d' y='62'>%s</text>%n", x + 16, escape(servers.get(i))));
            x += 30 + 8 * servers.get(i).length();
        }
        panel(sb, "throughput (higher is better)", THROUGHPUT, rows, servers, TOP);
        panel(sb, "latency at 50% of our saturation (lower is better)", LATENCY, rows, servers,
                TOP + PANEL_HEIGHT + 110);
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static void panel(StringBuilder sb, String title, List<String> figures, List<Comparison.Row> rows,
            List<String> servers, int top) {
        int base = top + 50 + PANEL_HEIGHT;
        sb.append(String.format(Locale.ROOT, "<text x='20' y='%d' font-size='14' font-weight='bold'>%s</text>%n",
                top + 20, escape(title)));
        sb.append(String.format(Locale.ROOT, "<line x1='40' y1='%d' x2='%d' y2='%d' stroke='#444'/>%n", base,
                60 + figures.size() * (servers.size() * BAR + GAP), base));
        int gx = 60;
        for (String f : figures) {
            Comparison.Row row = find(rows, f);
            double max = 0;
            if (row != null) {
                for (Double v : row.values().values()) {
                    if (v != null) {
                        max = Math.max(max, v);
                    }
                }
            }
            for (int i = 0; i < servers.size(); i++) {
                Double v = row == null ? null : row.values().get(servers.get(i));
                int bx = gx + i * BAR;
                if (v == null || max <= 0) {
                    sb.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='middle'>n/a</text>%n",
                            bx + BAR / 2 - 2, base - 4));
                    continue;
                }
                int h = (int) Math.round(v / max * PANEL_HEIGHT);
                sb.append(String.format(Locale.ROOT,
                        "<rect x='%d' y='%d' width='%d' height='%d' fill='%s'><title>%s %s: %s</title></rect>%n",
                        bx, base - h, BAR - 6, h, COLOURS[i % COLOURS.length], escape(servers.get(i)), escape(f),
                        Comparison.number(v)));
                sb.append(String.format(Locale.ROOT,
                        "<text x='%d' y='%d' text-anchor='middle' font-size='10'>%s</text>%n", bx + (BAR - 6) / 2,
                        base - h - 4, escape(Comparison.number(v))));
            }
            String label = CAPTIONS.getOrDefault(f, f);
            sb.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='11'>%s</text>%n", gx, base + 16,
                    escape(shorten(label, (servers.size() * BAR + GAP - 4) / 6))));
            gx += servers.size() * BAR + GAP;
        }
    }

    private static Comparison.Row find(List<Comparison.Row> rows, String runAndKey) {
        for (Comparison.Row r : rows) {
            if ((r.metric().run() + "/" + r.metric().key()).equals(runAndKey)) {
                return r;
            }
        }
        return null;
    }

    static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, Math.max(1, max - 1)) + "…";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;")
                .replace("\"", "&quot;");
    }

    /** For tests: the values drawn, figure by figure. */
    static Map<String, Double> valuesOf(Comparison c, String runAndKey) {
        Comparison.Row r = find(c.rows(), runAndKey);
        return r == null ? Map.of() : r.values();
    }
}
