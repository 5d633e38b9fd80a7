package net.bluemind.xmpp.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class CompareOptionsTest {

    private static final String[] OURS = { "--ours-command", "java -cp x Main --config c.yaml" };

    @Test
    void defaultsCompareAllThreeServersOnAllRuns() throws Exception {
        CompareOptions c = CompareOptions.parse(OURS);
        assertEquals(List.of("ours", "prosody", "ejabberd"), c.servers());
        assertEquals(List.of("idle", "logins", "messages", "latency", "presence"), c.runs());
        assertEquals("127.0.0.7", c.hosts().get("prosody"));
        assertEquals("127.0.0.8", c.hosts().get("ejabberd"));
        assertEquals(10_000, c.idleConnections());
        assertEquals(1000, c.pairs());
        assertEquals(List.of("java", "-cp", "x", "Main", "--config", "c.yaml"), c.oursCommand());
        assertEquals(Path.of("target/bench-peers"), c.workDir());
    }

    @Test
    void serversAndRunsKeepTheirCanonicalOrder() throws Exception {
        CompareOptions c = CompareOptions.parse("--servers", "ejabberd,ours", "--scenarios", "presence,idle",
                OURS[0], OURS[1]);
        assertEquals(List.of("ours", "ejabberd"), c.servers(), "ours first: the latency run needs its saturation");
        assertEquals(List.of("idle", "presence"), c.runs());
    }

    @Test
    void badCombinationsAreRefused() {
        assertThrows(BadOptionException.class, () -> CompareOptions.parse("--servers", "openfire", OURS[0], OURS[1]));
        assertThrows(BadOptionException.class, () -> CompareOptions.parse("--scenarios", "mam", OURS[0], OURS[1]));
        BadOptionException noCommand = assertThrows(BadOptionException.class, () -> CompareOptions.parse());
        assertTrue(noCommand.getMessage().contains("--ours-command"));
        BadOptionException noRate = assertThrows(BadOptionException.class,
                () -> CompareOptions.parse("--servers", "prosody", "--scenarios", "latency"));
        assertTrue(noRate.getMessage().contains("--latency-rate"), noRate.getMessage());
        assertThrows(BadOptionException.class,
                () -> CompareOptions.parse("--accounts", "100", "--connections", "1000", OURS[0], OURS[1]));
        assertThrows(BadOptionException.class, () -> CompareOptions.parse("--pairs", "2", "--pairs", "3"));
        assertThrows(BadOptionException.class, () -> CompareOptions.parse("--bogus", "1"));
    }

    @Test
    void peersAloneNeedNoCommandOfOurs() throws Exception {
        CompareOptions c = CompareOptions.parse("--servers=prosody", "--latency-rate=5000");
        assertEquals(List.of("prosody"), c.servers());
        assertEquals(5000, c.latencyRate());
    }

    @Test
    void everyRunBecomesAValidScenarioCommandLine() throws Exception {
        CompareOptions c = CompareOptions.parse("--duration", "7", "--warmup", "2", "--source-addresses",
                "127.0.0.1,127.0.1.1", OURS[0], OURS[1]);
        for (String run : CompareOptions.RUNS) {
            List<String> a = c.scenarioArgs(run, "127.0.0.7", 0, 40_000);
            BenchOptions o = BenchOptions.parse(a.toArray(String[]::new));
            assertEquals("127.0.0.7", o.host());
            assertEquals(5222, o.port());
            assertEquals(TlsMode.STARTTLS, o.tls());
            assertEquals(2, o.sourceAddresses().size(), "pass-through options reach every run");
        }
        BenchOptions latency = BenchOptions.parse(c.scenarioArgs("latency", "h", 0, 40_001).toArray(String[]::new));
        assertEquals(BenchOptions.Scenario.MESSAGES, latency.scenario());
        assertEquals(20_001, latency.rate(), "half of our saturation, rounded");
        assertEquals(7, latency.durationSeconds());
        assertNull(c.scenarioArgs("latency", "h", 0, 0), "no rate without our saturation");
        BenchOptions presence = BenchOptions.parse(c.scenarioArgs("presence", "h", 0, 0).toArray(String[]::new));
        assertEquals(202, presence.connections());
        assertEquals(100, presence.contacts());
        assertEquals(2, presence.window());
    }
}
