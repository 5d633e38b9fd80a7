package net.bluemind.xmpp.server.testkit;

import java.util.function.Predicate;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;

/** Waiting for stanzas with a deadline, and knowing when the server has routed what a client sent. */
public final class Stanzas {

    public static final long TIMEOUT = 10_000;

    private Stanzas() {
    }

    /** The first stanza the collector gets that matches, skipping the others; fails after the deadline. */
    public static <T extends Stanza> T next(StanzaCollector collector, Predicate<T> match, String what) throws InterruptedException {
        long end = System.currentTimeMillis() + TIMEOUT;
        while (System.currentTimeMillis() < end) {
            T s = collector.nextResult(Math.max(1, end - System.currentTimeMillis()));
            if (s != null && match.test(s)) {
                return s;
            }
        }
        throw new AssertionError("never received " + what);
    }

    /**
     * A ping round trip to the server: the server handles a client's stanzas in order, so everything the
     * client sent before has been routed when the answer comes back. How tests show that something did
     * not happen without sleeping.
     */
    public static void routed(XMPPTCPConnection c) throws Exception {
        if (!PingManager.getInstanceFor(c).pingMyServer(true, TIMEOUT)) {
            throw new AssertionError("the server did not answer a ping");
        }
    }
}
