package net.bluemind.xmpp.server.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFullBurstThenTheRate() {
        TokenBucket b = new TokenBucket(100, 50, 0);
        assertEquals(0, b.take(50, 0), "the burst is there at once");
        assertEquals(SECOND / 100, b.take(1, 0), "one token owed: a hundredth of a second");
        assertEquals(0, b.take(0, SECOND / 100));
        assertEquals(SECOND / 2, b.take(100, 2 * SECOND), "refilled to the burst only: taking 100 of 50 owes half a second");
    }

    @Test
    void aDebtIsPaidByWaitingNotForgotten() {
        TokenBucket b = new TokenBucket(1_000, 1_000, 0);
        assertEquals(9 * SECOND, b.take(10_000, 0));
        assertEquals(4 * SECOND, b.take(0, 5 * SECOND));
        assertEquals(0, b.take(0, 9 * SECOND));
    }
}
