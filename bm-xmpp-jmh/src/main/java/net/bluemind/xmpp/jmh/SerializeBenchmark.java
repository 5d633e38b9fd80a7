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

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;
import net.bluemind.xmpp.xml.XmlWriter;

/**
 * {@link XmlWriter#write} of a stanza as a recipient gets it (from stamped, a stanza-id added) into a
 * pooled direct buffer, as the outbound queue does: a buffer taken from the pool, written, given back.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SerializeBenchmark {

    @Param({"message", "presence", "iq"})
    public String stanza;

    /** The buffer's initial capacity, OutboundQueue's (512 before it was raised): a larger stanza makes the buffer grow. */
    @Param({"1024"})
    public int capacity;

    private Element element;

    @Setup(Level.Trial)
    public void setUp() {
        Element e = Stanzas.element(Stanzas.xml(stanza)).withAttribute("from", Stanzas.ALICE_PHONE);
        if (e.name().equals("message")) {
            e = e.withChild(Element.builder("stanza-id", "urn:xmpp:sid:0")
                    .attribute("id", "0193a1b2-7c4d-7e5f-8a9b-0c1d2e3f4a5b").attribute("by", Stanzas.BOB).build());
        }
        element = e;
    }

    @Benchmark
    public int write() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(capacity);
        try {
            XmlWriter.write(element, Namespaces.CLIENT, buf);
            return buf.readableBytes();
        } finally {
            buf.release();
        }
    }
}
