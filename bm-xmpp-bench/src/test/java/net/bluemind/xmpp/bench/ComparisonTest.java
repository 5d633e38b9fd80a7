package net.bluemind.xmpp.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ComparisonTest {

    private static Map<String, Object> report(String outcome, Map<String, Object> results, Map<String, Object> server) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outcome", outcome);
        m.put("results", results);
        m.put("server", server);
        return m;
    }

    private static Comparison sample() {
        Comparison c = new Comparison(List.of("ours", "prosody", "ejabberd"));
        c.add("ours", "messages", report("completed", Map.of("delivered_per_s", 60000.0),
                Map.of("cpu_per_delivered_message_us", 20.0)));
        c.add("prosody", "messages", report("completed", Map.of("delivered_per_s", 15000.0),
                Map.of("cpu_per_delivered_message_us", 60.0)));
        c.add("ejabberd", "messages", report("completed", Map.of("delivered_per_s", 30000.0),
                Map.of("cpu_per_delivered_message_us", Double.NaN)));
        c.add("ours", "idle", report("completed", Map.of("connections_online", 10000L),
                Map.of("rss_per_connection_kb", 6.5)));
        c.failed("prosody", "idle", "server did not start: boom");
        return c;
    }

    @Test
    void ratiosAreOursOverPeerAndUnknownWhenEitherIsMissing() {
        assertEquals(4.0, Comparison.ratio(60000.0, 15000.0));
        assertEquals(0.5, Comparison.ratio(1.0, 2.0));
        assertNull(Comparison.ratio(null, 2.0));
        assertNull(Comparison.ratio(1.0, null));
        assertNull(Comparison.ratio(1.0, 0.0), "no division by a zero figure");
    }

    @Test
    void rowsFollowTheMetricOrderAndSkipFiguresNobodyHas() {
        List<Comparison.Row> rows = sample().rows();
        assertEquals(List.of("idle/rss_per_connection_kb", "idle/connections_online", "messages/delivered_per_s",
                "messages/cpu_per_delivered_message_us"),
                rows.stream().map(r -> r.metric().run() + "/" + r.metric().key()).toList());
        Comparison.Row delivered = rows.get(2);
        assertEquals(4.0, delivered.ratios().get("prosody"));
        assertEquals(2.0, delivered.ratios().get("ejabberd"));
        Comparison.Row cpu = rows.get(3);
        assertNull(cpu.values().get("ejabberd"), "NaN is not a figure");
        assertNull(cpu.ratios().get("ejabberd"));
        assertNull(rows.get(0).values().get("prosody"));
    }

    @Test
    void withoutOursThereAreNoRatios() {
        Comparison c = new Comparison(List.of("prosody"));
        c.add("prosody", "messages", report("completed", Map.of("delivered_per_s", 10.0), Map.of()));
        assertTrue(c.rows().get(0).ratios().isEmpty());
        assertFalse(c.table().contains("ours/"));
    }

    @Test
    void tableHasABlockPerRunAndARatioColumnPerPeer() {
        String t = sample().table();
        String[] lines = t.split("\n");
        assertTrue(lines[0].startsWith("figure"), t);
        assertTrue(lines[0].endsWith("ours/prosody  ours/ejabberd"), t);
        assertTrue(t.contains("\n[idle]\n"), t);
        assertTrue(t.contains("\n[messages]\n"), t);
        String delivered = java.util.Arrays.stream(lines).filter(l -> l.startsWith("messages delivered")).findFirst()
                .orElseThrow();
        assertTrue(delivered.matches(".*msg/s\\s+higher\\s+60000\\s+15000\\s+30000\\s+4\\.00x\\s+2\\.00x"), delivered);
        String memory = java.util.Arrays.stream(lines).filter(l -> l.startsWith("memory per idle")).findFirst()
                .orElseThrow();
        assertTrue(memory.matches(".*kB\\s+lower\\s+6\\.50\\s+n/a\\s+n/a\\s+n/a\\s+n/a"), memory);
        for (String l : lines) {
            assertFalse(l.endsWith(" "), "no trailing blanks: '" + l + "'");
        }
    }

    @Test
    void numbersKeepAReadablePrecision() {
        assertEquals("123457", Comparison.number(123456.7));
        assertEquals("123.5", Comparison.number(123.46));
        assertEquals("1.23", Comparison.number(1.234));
        assertEquals("0.012", Comparison.number(0.0123));
        assertEquals("n/a", Comparison.number(null));
        assertEquals("1.50x", Comparison.ratioText(1.5));
    }

    @Test
    void csvHasOneLinePerFigureAndServer() {
        String csv = sample().csv();
        String[] lines = csv.split("\n");
        assertEquals("run,metric,label,unit,better,server,value,ours_ratio", lines[0]);
        assertEquals(1 + 4 * 3, lines.length);
        assertTrue(csv.contains("\nmessages,delivered_per_s,messages delivered at saturation,msg/s,higher,ours,60000,1\n"),
                csv);
        assertTrue(csv.contains(",higher,prosody,15000,4\n"), csv);
        assertTrue(csv.contains(",lower,ejabberd,,\n"), "unknown values stay empty: " + csv);
        assertEquals("\"a,b\"", Comparison.csvCell("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", Comparison.csvCell("say \"hi\""));
    }

    @Test
    void jsonCarriesTheTableOutcomesAndRuns() {
        String json = JsonWriter.toJson(sample().toMap());
        assertTrue(json.contains("\"metric\": \"delivered_per_s\""), json);
        assertTrue(json.contains("\"prosody\": 4.0"), json);
        assertTrue(json.contains("\"idle\": \"server did not start: boom\""), json);
        assertTrue(json.contains("\"runs\": {"), json);
    }

    @Test
    void chartIsStandaloneSvgWithABarPerServerAndFigure() {
        Comparison c = sample();
        MachineInfo m = new MachineInfo("h", 2, 1024 * 1024, "17", "vm", "Linux");
        String svg = ComparisonChart.svg(c, m, "20261124-0600");
        assertTrue(svg.startsWith("<svg xmlns='http://www.w3.org/2000/svg'"), svg);
        assertTrue(svg.trim().endsWith("</svg>"));
        assertFalse(svg.contains("http://") && svg.replace("http://www.w3.org/2000/svg", "").contains("http://"),
                "nothing fetched from elsewhere");
        assertEquals(3, count(svg, "<title>"), "three measured message bars, the rest n/a: " + svg);
        assertTrue(svg.contains("<title>ours messages/delivered_per_s: 60000</title>"), svg);
        // the largest value of a group fills the panel height
        assertTrue(svg.contains("height='220' fill='#1f77b4'"), svg);
        assertEquals(Map.of("ours", 60000.0, "prosody", 15000.0, "ejabberd", 30000.0),
                ComparisonChart.valuesOf(c, "messages/delivered_per_s"));
        assertEquals("a &lt;b&gt; &amp; &apos;c&apos;", ComparisonChart.escape("a <b> & 'c'"));
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
