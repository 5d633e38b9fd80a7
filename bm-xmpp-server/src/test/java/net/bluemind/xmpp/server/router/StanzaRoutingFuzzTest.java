package net.bluemind.xmpp.server.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.slf4j.LoggerFactory;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.junit.FuzzTest;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import net.bluemind.xmpp.server.testkit.FuzzBudget;
import net.bluemind.xmpp.server.testkit.RawClient;
import net.bluemind.xmpp.server.testkit.TestServer;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;
import net.bluemind.xmpp.xml.XmlChars;
import net.bluemind.xmpp.xml.XmlParser;
import net.bluemind.xmpp.xml.XmlWriter;

/**
 * Random stanzas from a bound client, through the router and every processor of a real server (memory
 * storage): an iq request always gets its answer (a result or a stanza error), the stream goes on or ends
 * with a stream error other than internal-server-error, the server writes only XML characters, and no
 * processor throws (Router logs a processor's exception at ERROR with its trace: none may appear).
 *
 * <p>The input is one stanza as XML text, unqualified elements in jabber:client (input that is not
 * well-formed, or not a message, presence or iq, is skipped: the stream decoder has its own fuzz test).
 * The server answers over a socket, so this target runs hundreds, not thousands, of inputs a second.
 */
public class StanzaRoutingFuzzTest {

    /** Jazzer's own driver (scripts/fuzz.sh, long sessions) calls this; the build calls the @FuzzTest. */
    public static void fuzzerTestOneInput(byte[] input) throws Exception {
        new StanzaRoutingFuzzTest().everyStanzaIsAnsweredOrCleanlyRefused(input);
    }

    /** Jazzer's own driver: before the first input (it calls lifecycle methods of public classes only). */
    public static void fuzzerInitialize() throws Exception {
        start();
    }

    /** Jazzer's own driver: at the end of the session. */
    public static void fuzzerTearDown() throws Exception {
        stop();
    }

    private static final int RECONNECT_EVERY = 500;
    private static TestServer server;
    private static RawClient client;
    private static int sent;
    private static final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        logs.start();
        ((Logger) LoggerFactory.getLogger("net.bluemind")).addAppender(logs);
    }

    @AfterAll
    static void stop() throws Exception {
        ((Logger) LoggerFactory.getLogger("net.bluemind")).detachAppender(logs);
        if (client != null) {
            client.close();
        }
        server.close();
    }

    @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
    void everyStanzaIsAnsweredOrCleanlyRefused(byte[] input) throws Exception {
        Element stanza = stanza(input);
        if (stanza == null) {
            return;
        }
        allowLoopbackConnections();
        RawClient c = connected();
        String id = "fz" + ++sent;
        String type = stanza.attribute("type");
        boolean request = stanza.name().equals("iq") && ("get".equals(type) || "set".equals(type));
        try {
            c.send(XmlWriter.toXml(stanza.withAttribute("id", id), Namespaces.CLIENT));
            if (request) {
                c.await("\"" + id + "\""); // some answers come from another thread, after later stanzas' answers
            }
            c.send("<iq type='get' id='ping" + sent + "'><ping xmlns='urn:xmpp:ping'/></iq>");
            c.await("\"ping" + sent + "\"");
        } catch (AssertionError | java.io.IOException noAnswer) {
            assertTrue(c.isClosed(), "no answer and the stream is still open: " + noAnswer.getMessage());
            String end = c.awaitClose();
            assertTrue(end.contains("<stream:error>") && !end.contains("internal-server-error"), "an unclean end: " + end);
            client = null;
        }
        List<ILoggingEvent> failures = logs.list.stream()
                .filter(e -> e.getLevel() == Level.ERROR || e.getThrowableProxy() != null).toList();
        logs.list.clear();
        assertEquals(List.of(), failures.stream().map(ILoggingEvent::getFormattedMessage).toList(), "the server logged a failure");
    }

    /**
     * Jazzer's SSRF detector would take the test's own connections to its server for an attack. Its
     * policy is set per execution, where the detector is loaded; under Jazzer's own driver it is not
     * (scripts/fuzz.sh disables it).
     */
    private static void allowLoopbackConnections() {
        try {
            BugDetectors.allowNetworkConnections((host, port) -> host.equals("localhost") || host.equals("127.0.0.1"));
        } catch (IllegalStateException detectorNotLoaded) {
            // nothing to allow
        }
    }

    private static Element stanza(byte[] input) {
        Element e;
        try {
            e = XmlParser.parse(new String(input, StandardCharsets.UTF_8), Namespaces.CLIENT);
        } catch (RuntimeException notXml) {
            return null;
        }
        boolean stanza = Namespaces.CLIENT.equals(e.namespace()) && List.of("message", "presence", "iq").contains(e.name());
        return stanza ? e : null;
    }

    private static RawClient connected() throws Exception {
        if (client != null && (client.isClosed() || sent % RECONNECT_EVERY == 0)) {
            String rest = client.isClosed() ? "" : client.readFor(java.time.Duration.ZERO);
            assertFalse(XmlChars.firstForbidden(rest) >= 0, "the server wrote a character XML forbids");
            client.close();
            client = null;
        }
        if (client == null) {
            client = RawClient.plain(server).login("acme.test", "erin", "erin", "fuzz");
        }
        return client;
    }
}
