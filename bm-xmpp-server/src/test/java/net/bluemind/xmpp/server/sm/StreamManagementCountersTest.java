package net.bluemind.xmpp.server.sm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.server.memory.HeldBytes;
import net.bluemind.xmpp.server.session.InboundReceipts;
import net.bluemind.xmpp.server.session.Receipt;
import net.bluemind.xmpp.xml.Element;

/** XEP-0198 counters: h counts handled stanzas from enable, acknowledgements release what they count, both wrap at 2^32. */
class StreamManagementCountersTest {

    private static Element stanza(int n) {
        return Element.builder("message", "jabber:client").attribute("id", "m" + n).build();
    }

    private static StreamManagement enabled(InboundReceipts receipts) {
        return new StreamManagement("sm1", true, 300, receipts, HeldBytes.UNBOUNDED);
    }

    @Test
    void hCountsOnlyWhatWasHandledSinceEnable() {
        InboundReceipts receipts = new InboundReceipts("c1", 1 << 20, 1_000);
        receipts.receive(10).release(); // before enable: not counted
        StreamManagement sm = enabled(receipts);
        assertEquals(0, sm.handled());
        Receipt first = receipts.receive(10);
        Receipt second = receipts.receive(10);
        assertEquals(0, sm.handled(), "received is not handled");
        assertFalse(sm.allHandled());
        first.release();
        assertEquals(1, sm.handled());
        second.release();
        assertEquals(2, sm.handled());
        assertTrue(sm.allHandled());
    }

    @Test
    void hWrapsAt2To32() {
        StreamManagement sm = enabled(new InboundReceipts("c1", 1 << 20, 1_000));
        assertEquals(0, sm.toH(1L << 32), "2^32 stanzas after enable read as 0");
        assertEquals(5, sm.toH((1L << 32) + 5));
    }

    @Test
    void anAcknowledgementReleasesWhatItCountsAndNoMore() {
        StreamManagement sm = enabled(new InboundReceipts("c1", 1 << 20, 1_000));
        for (int i = 1; i <= 3; i++) {
            sm.stanzaSent(stanza(i));
        }
        assertTrue(sm.acknowledge(2));
        assertEquals(1, sm.unackedCount());
        assertEquals("m3", sm.pending().get(0).attribute("id"));
        assertTrue(sm.acknowledge(2), "the same h again acknowledges nothing more");
        assertEquals(1, sm.unackedCount());
        assertFalse(sm.acknowledge(5), "more than was sent is a protocol error");
        assertEquals(1, sm.unackedCount(), "and changes nothing");
    }

    @Test
    void anAcknowledgementAcrossTheWrapCountsModulo2To32() {
        StreamManagement sm = enabled(new InboundReceipts("c1", 1 << 20, 1_000));
        long max = (1L << 32) - 1;
        sm.stanzaSent(stanza(0));
        assertTrue(sm.acknowledge(1));
        // Two more sent: an h of 2^32 + 3 is 3 modulo 2^32, two more than the last one.
        sm.stanzaSent(stanza(1));
        sm.stanzaSent(stanza(2));
        assertTrue(sm.acknowledge(3 + (1L << 32)));
        assertEquals(0, sm.unackedCount());
        assertFalse(sm.acknowledge(max), "h = 2^32 - 1 would acknowledge 2^32 - 4 stanzas never sent");
    }

    @Test
    void aResumedStreamSendsAgainWhatWasNotAcknowledgedInOrder() {
        StreamManagement sm = enabled(new InboundReceipts("c1", 1 << 20, 1_000));
        sm.stanzaSent(stanza(1));
        sm.stanzaSent(stanza(2));
        sm.detach(List.of(stanza(3))); // queued but never written when the connection was lost
        assertTrue(sm.deliverDetached(stanza(4)), "kept while waiting for the resumption");
        assertTrue(sm.acknowledge(1), "the resuming client counted one");
        List<String> again = new java.util.ArrayList<>();
        sm.attach(null, e -> again.add(e.attribute("id")));
        assertEquals(List.of("m2", "m3", "m4"), again);
    }
}
