package net.bluemind.xmpp.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import net.bluemind.xmpp.server.delivery.MessageDelivery;
import net.bluemind.xmpp.server.engine.InMemoryEngine;
import net.bluemind.xmpp.server.router.Router;
import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.StanzaSink;
import net.bluemind.xmpp.server.stream.StreamErrorCondition;
import net.bluemind.xmpp.xml.Element;

/**
 * From a parsed stanza to its delivery, without sockets: {@link Router#routeFromClient} of a real engine
 * (the wiring of {@code Server}, storage in memory, no archive) with two bound, available sessions
 * whose outbound sinks only keep the last stanza. Covers from-stamping and checking, addressing
 * (JID parsing, virtual host), the block-list gate, then per kind:
 * <ul>
 *   <li>{@code message}: chat to a full JID — {@link MessageDelivery}, stanza-id stamping (XEP-0359),
 *       the carbons checks, {@code <private/>} removal;</li>
 *   <li>{@code messageBare}: the same to the bare JID (highest-priority resource);</li>
 *   <li>{@code presence}: an available presence, broadcast to the user's contact (roster from memory);</li>
 *   <li>{@code iq}: a ping to the server, answered by its processor.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RouteBenchmark {

    @Param({"message", "messageBare", "presence", "iq"})
    public String stanza;

    private Router router;
    private ClientSession alice;
    private Sink aliceSink;
    private Sink bobSink;
    private Element element;

    /** A connection's outbound end that keeps only the last stanza (a blackhole with a count). */
    static final class Sink implements StanzaSink {
        Element last;
        long count;

        @Override
        public void deliver(Element stanza) {
            last = stanza;
            count++;
        }

        @Override
        public void closeWithError(StreamErrorCondition condition, String text) {
            throw new IllegalStateException("stream error " + condition + ": " + text);
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        // The server's own stanza path on memory repositories (what the tests' InMemoryEngine runs).
        InMemoryEngine engine = new InMemoryEngine(Stanzas.DOMAIN).accounts(Stanzas.ALICE, Stanzas.BOB);
        // Alice and Bob are each other's contacts, as people who write to each other are.
        engine.contacts(Stanzas.ALICE, Stanzas.BOB);
        router = engine.router;

        aliceSink = new Sink();
        bobSink = new Sink();
        alice = engine.bind(Stanzas.ALICE_PHONE, aliceSink);
        ClientSession bobSession = engine.bind(Stanzas.BOB_DESKTOP, bobSink);
        // Both come online: initial presences load rosters and block lists into memory, as on a live server.
        router.routeFromClient(bobSession, Stanzas.element("<presence/>"));
        router.routeFromClient(alice, Stanzas.element("<presence/>"));

        element = Stanzas.element(switch (stanza) {
            case "messageBare" -> Stanzas.MESSAGE_BARE;
            default -> Stanzas.xml(stanza);
        });
        // Each kind must reach its recipient, or the benchmark measures an error path.
        Sink expected = stanza.equals("iq") ? aliceSink : bobSink;
        long before = expected.count;
        route();
        if (expected.count != before + 1 || expected.last.attribute("type") != null && expected.last.attribute("type").equals("error")) {
            throw new IllegalStateException(stanza + " was not delivered: " + expected.last);
        }
    }

    @Benchmark
    public Element route() {
        router.routeFromClient(alice, element);
        return bobSink.last;
    }
}
