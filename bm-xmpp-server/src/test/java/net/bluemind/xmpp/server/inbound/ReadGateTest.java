package net.bluemind.xmpp.server.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import net.bluemind.xmpp.server.config.InboundRateConfig;
import net.bluemind.xmpp.server.testkit.Await;
import net.bluemind.xmpp.xml.Element;

/** One gate, several reasons: reading resumes only when none holds it any more. */
class ReadGateTest {

    @Test
    void readingResumesOnlyWhenEveryReasonIsReleased() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ReadGate gate = ReadGate.of(ch);
        assertTrue(gate.isOpen() && ch.config().isAutoRead());

        gate.hold(ReadGate.Reason.BACK_PRESSURE, true);
        gate.hold(ReadGate.Reason.STANZA_RATE, true);
        assertFalse(ch.config().isAutoRead());
        gate.hold(ReadGate.Reason.STANZA_RATE, false);
        assertFalse(ch.config().isAutoRead(), "the shaper must not resume what back-pressure paused");
        gate.hold(ReadGate.Reason.BACK_PRESSURE, true);
        gate.hold(ReadGate.Reason.BACK_PRESSURE, false);
        assertTrue(ch.config().isAutoRead());
        assertTrue(ReadGate.of(ch) == gate, "one gate per channel");
    }

    @Test
    void theShaperPausesAndResumesAroundBackPressure() {
        InboundShaper shaper = InboundShaper.stanzas(new InboundRateConfig(0, 0, 1_000, 1));
        EmbeddedChannel ch = new EmbeddedChannel(shaper);
        ReadGate gate = ReadGate.of(ch);
        gate.hold(ReadGate.Reason.BACK_PRESSURE, true);

        for (int i = 0; i < 5; i++) {
            ch.writeInbound(Element.empty("message", "jabber:client"));
        }
        assertEquals(5, ch.inboundMessages().size(), "what was read goes on: nothing dropped");
        assertTrue(shaper.pausing() && gate.isHeld(ReadGate.Reason.STANZA_RATE));

        Await.until("the shaper's debt paid", () -> {
            ch.runScheduledPendingTasks();
            return !shaper.pausing();
        });
        assertFalse(gate.isHeld(ReadGate.Reason.STANZA_RATE));
        assertFalse(ch.config().isAutoRead(), "still paused by back-pressure");
        gate.hold(ReadGate.Reason.BACK_PRESSURE, false);
        assertTrue(ch.config().isAutoRead());
        ch.finishAndReleaseAll();
    }

    @Test
    void withinItsBurstAConnectionIsNotPaused() {
        InboundShaper shaper = InboundShaper.bytes(new InboundRateConfig(1_000, 10_000, 0, 0));
        EmbeddedChannel ch = new EmbeddedChannel(shaper);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[9_000]));
        assertFalse(shaper.pausing());
        assertTrue(ch.config().isAutoRead());
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[2_000]));
        assertTrue(shaper.pausing(), "over the burst");
        assertFalse(ch.config().isAutoRead());
        ch.finishAndReleaseAll();
    }
}
