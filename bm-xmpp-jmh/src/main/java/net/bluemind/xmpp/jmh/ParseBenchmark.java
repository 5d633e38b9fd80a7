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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import net.bluemind.xmpp.server.stream.StreamLimits;
import net.bluemind.xmpp.server.stream.XmppStreamDecoder;
import net.bluemind.xmpp.xml.Element;

/**
 * Bytes of one stanza, as one socket read, through {@link XmppStreamDecoder} (Aalto's non-blocking
 * parser) into an {@link Element}: the decoder sits in a channel pipeline, as on a live connection, and
 * the element it fires is taken by the next handler. The stream header was read once at setup.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParseBenchmark {

    @Param({"message", "presence", "iq"})
    public String stanza;

    private EmbeddedChannel channel;
    private Taker taker;
    /** The stanza's bytes; each operation copies them into a pooled direct buffer, as an epoll read does. */
    private byte[] bytes;

    /** Takes the decoder's output, as the connection handler would. */
    static final class Taker extends ChannelInboundHandlerAdapter {
        Object last;
        long count;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            last = msg;
            count++;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        // The defaults of LimitsConfig: nothing a normal stanza comes near.
        XmppStreamDecoder decoder = new XmppStreamDecoder(new StreamLimits(256 * 1024, 64 * 1024, 32, 64, 1024));
        decoder.authenticated();
        taker = new Taker();
        channel = new EmbeddedChannel(decoder, taker);
        channel.pipeline().fireChannelRead(direct(Stanzas.bytes(Stanzas.STREAM_HEADER)));
        bytes = Stanzas.bytes(Stanzas.xml(stanza));
        Element parsed = parse();
        if (!parsed.equals(Stanzas.element(Stanzas.xml(stanza)))) {
            throw new IllegalStateException("the decoder read " + parsed + " out of " + Stanzas.xml(stanza));
        }
    }

    private static ByteBuf direct(byte[] b) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(b.length);
        buf.writeBytes(b);
        return buf;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        channel.finishAndReleaseAll();
    }

    @Benchmark
    public Element parse() {
        long before = taker.count;
        // The decoder releases the buffer, as it does a socket read's.
        channel.pipeline().fireChannelRead(direct(bytes));
        if (taker.count != before + 1) {
            throw new IllegalStateException("no stanza out of one stanza's bytes");
        }
        return (Element) taker.last;
    }
}
