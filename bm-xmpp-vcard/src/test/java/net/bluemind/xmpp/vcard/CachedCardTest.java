package net.bluemind.xmpp.vcard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.vcardtemp.VCardManager;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import net.bluemind.xmpp.coresim.SimHarness;
import net.bluemind.xmpp.vcard.testkit.XmppServer;

/** With bm-core gone, a card already read is still served from the cache. */
class CachedCardTest {

    @Test
    void aCachedCardIsServedWhileBmCoreIsDown() throws Exception {
        SimHarness sim = SimHarness.start(SimHarness.LOCAL_RABBITMQ);
        try (XmppServer server = XmppServer.start(sim, 3600)) {
            XMPPTCPConnection alice = server.client("acme.test", "alice", "alice");
            alice.connect().login();
            try {
                VCardManager cards = VCardManager.getInstanceFor(alice);
                assertEquals("Bob Durand", cards.loadVCard(JidCreate.entityBareFrom("bob@acme.test")).getField("FN"));
                sim.close();
                assertEquals("Bob Durand", cards.loadVCard(JidCreate.entityBareFrom("bob@acme.test")).getField("FN"),
                        "the card read before bm-core stopped is served from the cache");
            } finally {
                alice.disconnect();
            }
        } finally {
            sim.close();
        }
    }
}
