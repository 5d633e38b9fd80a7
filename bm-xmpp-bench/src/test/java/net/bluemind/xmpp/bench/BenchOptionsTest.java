package net.bluemind.xmpp.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void defaultsAreUsableForEveryScenario() throws Exception {
        BenchOptions idle = BenchOptions.parse("idle");
        assertEquals(BenchOptions.Scenario.IDLE, idle.scenario());
        assertEquals("127.0.0.1", idle.host());
        assertEquals(TlsMode.DIRECT, idle.tls());
        assertEquals(5223, idle.port());
        assertEquals("acme.test", idle.domain());
        assertEquals("bench", idle.userPrefix());
        assertEquals("bench", idle.password());
        assertEquals(1, idle.firstUser());
        assertEquals(0, idle.durationSeconds(), "idle closes right away unless asked to hold");
        assertEquals(200, idle.loginConcurrency());
        assertEquals(16, idle.window());
        assertTrue(idle.presence());
        assertTrue(idle.sourceAddresses().isEmpty());
        assertEquals(0, idle.serverPid());
        assertNull(idle.json());
        assertEquals(Runtime.getRuntime().availableProcessors(), idle.ioThreads());

        assertEquals(30, BenchOptions.parse("messages").durationSeconds());
        assertEquals(30, BenchOptions.parse("logins").durationSeconds());
    }

    @Test
    void parsesEveryOption() throws Exception {
        BenchOptions o = BenchOptions.parse("messages", "--host", "10.0.0.5", "--port=5333", "--tls", "starttls",
                "--domain", "example.org", "--user-prefix", "load", "--password", "secret", "--first-user", "101",
                "--connections", "5000", "--pairs", "250", "--rate", "20000", "--window", "4", "--duration", "60",
                "--warmup", "10", "--login-concurrency", "50", "--source-addresses", "127.0.0.1, 127.0.0.2",
                "--json", "out/r.json", "--io-threads", "3", "--no-presence", "--resource", "bench",
                "--login-timeout", "7", "--body-padding", "100");
        assertEquals("10.0.0.5", o.host());
        assertEquals(5333, o.port());
        assertEquals(TlsMode.STARTTLS, o.tls());
        assertEquals("example.org", o.domain());
        assertEquals("load", o.userPrefix());
        assertEquals("secret", o.password());
        assertEquals(101, o.firstUser());
        assertEquals(5000, o.connections());
        assertEquals(250, o.pairs());
        assertEquals(20000, o.rate());
        assertEquals(4, o.window());
        assertEquals(60, o.durationSeconds());
        assertEquals(10, o.warmupSeconds());
        assertEquals(50, o.loginConcurrency());
        assertEquals(2, o.sourceAddresses().size());
        assertEquals("127.0.0.2", o.sourceAddresses().get(1).getHostAddress());
        assertEquals(Path.of("out/r.json"), o.json());
        assertEquals(3, o.ioThreads());
        assertFalse(o.presence());
        assertEquals("bench", o.resource());
        assertEquals(7, o.loginTimeoutSeconds());
        assertEquals(100, o.bodyPadding());
        assertEquals(500, o.accountCount());
    }

    @Test
    void mamOptionsAndDefaults() throws Exception {
        BenchOptions d = BenchOptions.parse("mam");
        assertEquals(BenchOptions.Scenario.MAM, d.scenario());
        assertEquals(10, d.pairs(), "mam fills with few pairs: each archive gets big");
        assertEquals(100_000, d.archiveMessages());
        assertEquals(300, d.archiveTimeoutSeconds());
        assertEquals(4, d.queryClients());
        assertEquals(400, d.queries());
        assertEquals(16, d.window());
        assertEquals(20, d.accountCount());
        assertEquals(100, BenchOptions.parse("messages").pairs(), "other scenarios keep their default");

        BenchOptions o = BenchOptions.parse("mam", "--pairs", "3", "--archive-messages=2500", "--archive-timeout",
                "60", "--query-clients", "8", "--queries", "1000", "--window", "4");
        assertEquals(3, o.pairs());
        assertEquals(2500, o.archiveMessages());
        assertEquals(60, o.archiveTimeoutSeconds());
        assertEquals(8, o.queryClients());
        assertEquals(1000, o.queries());
        assertEquals(4, o.window());
        assertEquals(6, o.accountCount());
        assertEquals("bench1..bench6", o.describe().get("accounts"));
        assertEquals(2500, o.describe().get("archive_messages"));
        assertEquals(8, o.describe().get("query_clients"));
        assertFalse(o.describe().containsKey("duration_s"), "mam runs to completion, not for a duration");

        assertMessage("option --archive-messages: 0 is out of range [1, 1000000000]", "mam", "--archive-messages",
                "0");
        assertMessage("option --archive-timeout: 0 is out of range [1, 86400]", "mam", "--archive-timeout", "0");
        assertMessage("option --query-clients: 'many' is not an integer", "mam", "--query-clients", "many");
        assertMessage("option --queries: -5 is out of range [1, 100000000]", "mam", "--queries", "-5");
        assertTrue(BenchOptions.usage().contains("--archive-messages"));
    }

    @Test
    void defaultPortFollowsTlsMode() throws Exception {
        assertEquals(5222, BenchOptions.parse("idle", "--tls", "starttls").port());
        assertEquals(5222, BenchOptions.parse("idle", "--tls", "none").port());
        assertEquals(5223, BenchOptions.parse("idle", "--tls", "direct").port());
    }

    @Test
    void unknownOptionIsNamed() {
        BadOptionException e = assertThrows(BadOptionException.class,
                () -> BenchOptions.parse("idle", "--conections", "10"));
        assertEquals("unknown option --conections", e.getMessage());
    }

    @Test
    void badValuesNameTheirOption() {
        assertMessage("option --port: 'abc' is not an integer", "idle", "--port", "abc");
        assertMessage("option --port: 70000 is out of range [1, 65535]", "idle", "--port", "70000");
        assertMessage("option --pairs: 0 is out of range [1, 5000000]", "messages", "--pairs", "0");
        assertMessage("option --tls: 'ssl' is not one of direct, starttls, none", "idle", "--tls", "ssl");
        assertMessage("option --duration needs a value", "idle", "--duration");
        assertMessage("option --rate is given twice", "messages", "--rate", "1", "--rate=2");
        assertMessage("option --no-presence takes no value", "idle", "--no-presence=yes");
        assertMessage("option --domain needs a non-empty value", "idle", "--domain", " ");
        assertMessage("option --server-pid: 'x' is not a process id", "idle", "--server-pid", "x");
        assertMessage("option --duration: 0 is out of range [1, 604800]", "messages", "--duration", "0");
    }

    @Test
    void scenarioIsRequiredAndChecked() {
        assertMessage("missing scenario: idle, messages, logins, mam or presence", "--port", "5222");
        assertMessage("unknown scenario 'idel': expected idle, messages, logins, mam or presence", "idel");
        assertMessage("unexpected argument 'extra' (scenario is already idle)", "idle", "extra");
    }

    @Test
    void mainExitsWithTwoAndUsageOnBadOptions() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BenchMain.run(new String[] { "idle", "--bogus" }, new PrintStream(out, true),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("bm-xmpp-bench: unknown option --bogus"), text);
        assertTrue(text.contains("usage: BenchMain"), text);
        assertEquals(0, out.size());
    }

    @Test
    void helpPrintsUsage() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = BenchMain.run(new String[] { "--help" }, new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        assertEquals(0, code);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--login-concurrency"));
    }

    private static void assertMessage(String expected, String... args) {
        BadOptionException e = assertThrows(BadOptionException.class, () -> BenchOptions.parse(args));
        assertEquals(expected, e.getMessage());
    }
}
