package net.bluemind.xmpp.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class InboundReceiptsTest {

    /** Stands for the connection's read gate: the last call wins, as with ReadGate. */
    private static final class Gate implements InboundReceipts.Listener {
        final AtomicBoolean closed = new AtomicBoolean();
        volatile long handled;

        @Override
        public void pause(boolean paused) {
            closed.set(paused);
        }

        @Override
        public void handled(long total) {
            handled = total;
        }
    }

    @Test
    void readingPausesPastTheBudgetAndResumesUnderHalfOfIt() {
        InboundReceipts receipts = new InboundReceipts("alice@acme.test/big", 1000, 100);
        Gate gate = new Gate();
        receipts.listen(gate);
        Receipt a = receipts.receive(600);
        Receipt b = receipts.receive(600);
        assertTrue(gate.closed.get(), "1,200 bytes pending, budget 1,000");
        b.release();
        assertTrue(gate.closed.get(), "handled only counts from the oldest: still 1,200 pending");
        a.release();
        assertFalse(gate.closed.get());
        assertEquals(2, gate.handled);
        assertTrue(receipts.allHandled());
    }

    /**
     * A stanza received on the connection's thread pauses reading while the work of an older one completes on another
     * thread: the resume decided there must not overtake the pause, or the connection stays paused with nothing pending
     * to resume it (seen as a sender of 200 KB messages never read again). The listener here holds the pause back until
     * the resume had its chance to arrive first.
     */
    @Test
    void aResumeDecidedOnAnotherThreadNeverOvertakesThePause() throws Exception {
        InboundReceipts receipts = new InboundReceipts("alice@acme.test/big", 1000, 100);
        CountDownLatch pausing = new CountDownLatch(1);
        CountDownLatch resumed = new CountDownLatch(1);
        AtomicBoolean closed = new AtomicBoolean();
        receipts.listen(new InboundReceipts.Listener() {
            @Override
            public void pause(boolean paused) {
                if (paused) {
                    pausing.countDown();
                    try {
                        resumed.await(300, TimeUnit.MILLISECONDS); // the other thread's resume may come now, if it can
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                } else {
                    resumed.countDown();
                }
                closed.set(paused);
            }

            @Override
            public void handled(long total) {
            }
        });
        Receipt older = receipts.receive(900);
        Thread storage = new Thread(() -> {
            try {
                pausing.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            older.release(); // 200 bytes left pending, under half the budget: a resume is due
        });
        storage.start();
        Receipt newer = receipts.receive(200); // 1,100 bytes pending: over the budget, reading pauses
        storage.join(TimeUnit.SECONDS.toMillis(5));
        assertFalse(receipts.paused());
        assertFalse(closed.get(), "the resume came after the pause: reading goes on");
        newer.release();
        assertTrue(receipts.allHandled());
    }
}
