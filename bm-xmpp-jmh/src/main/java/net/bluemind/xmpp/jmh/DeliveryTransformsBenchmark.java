package net.bluemind.xmpp.jmh;

import java.util.concurrent.TimeUnit;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import net.bluemind.xmpp.server.carbons.Carbons;
import net.bluemind.xmpp.server.stanzaid.StanzaIds;
import net.bluemind.xmpp.xml.Element;

/**
 * The element rewrites of one message on its way to its recipient, apart from the rest of routing:
 * {@code from} stamped, a stanza id made and stamped (XEP-0359), carbons' {@code <private/>} removed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DeliveryTransformsBenchmark {

    private final StanzaIds stanzaIds = new StanzaIds();
    private EntityBareJid bob;
    private Element message;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        bob = JidCreate.entityBareFrom(Stanzas.BOB);
        message = Stanzas.element(Stanzas.MESSAGE);
    }

    @Benchmark
    public Element transform() {
        Element stamped = message.withAttribute("from", Stanzas.ALICE_PHONE);
        return Carbons.withoutPrivate(stanzaIds.stamp(stamped, bob, StanzaIds.newId()));
    }
}
