package net.bluemind.xmpp.vcard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

import javax.imageio.ImageIO;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.pubsub.GetItemsRequest;
import org.jivesoftware.smackx.pubsub.ItemsExtension;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubElementType;
import org.jivesoftware.smackx.pubsub.packet.PubSub;
import org.jivesoftware.smackx.vcardtemp.VCardManager;
import org.jivesoftware.smackx.vcardtemp.packet.VCard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import net.bluemind.xmpp.coresim.SimHarness;
import net.bluemind.xmpp.vcard.testkit.PhotoUpdate;
import net.bluemind.xmpp.vcard.testkit.XmppServer;

/** vcard-temp from the BlueMind directory over real sockets, against bm-core-sim. */
class DirectoryVCardTest {

    private static SimHarness sim;
    private static XmppServer server;
    private static XMPPTCPConnection alice;

    @BeforeAll
    static void start() throws Exception {
        sim = SimHarness.start(SimHarness.LOCAL_RABBITMQ);
        server = XmppServer.start(sim, 3600);
        alice = server.client("acme.test", "alice", "alice");
        alice.connect().login();
    }

    @AfterAll
    static void stop() throws Exception {
        alice.disconnect();
        server.close();
        sim.close();
    }

    @Test
    void aliceReadsBobsCardFromTheDirectory() throws Exception {
        VCard bob = VCardManager.getInstanceFor(alice).loadVCard(JidCreate.entityBareFrom("bob@acme.test"));
        assertEquals("Bob Durand", bob.getField("FN"));
        assertEquals("Support Engineer", bob.getField("TITLE"));
        assertEquals("+33 1 23 45 67 02", bob.getPhoneWork("VOICE") != null ? bob.getPhoneWork("VOICE") : bob.getPhoneWork("NUMBER"));
        assertNotNull(bob.getAvatar());
        assertEquals("bob@acme.test", bob.getJabberId());
        assertEquals(Avatar.sha1(bob.getAvatar()), bob.getAvatarHash());
    }

    @Test
    void bobsVCard4CarriesTheSameDirectoryData() throws Exception {
        IQ request = new IQ("vcard", "urn:ietf:params:xml:ns:vcard-4.0") {
            @Override
            protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
                xml.setEmptyElement();
                return xml;
            }
        };
        request.setTo(JidCreate.entityBareFrom("bob@acme.test"));
        request.setType(IQ.Type.get);
        IQ answer = alice.sendIqRequestAndWaitForResponse(request);
        String xml = answer instanceof org.jivesoftware.smack.packet.UnparsedIQ u ? u.getContent().toString() : answer.toXML().toString();
        assertTrue(xml.contains("urn:ietf:params:xml:ns:vcard-4.0"), xml);
        assertTrue(xml.contains("Bob Durand"), "FN in the xCard: " + xml);
        assertTrue(xml.contains("Support Engineer"), "title in the xCard: " + xml);
        assertTrue(xml.contains("bob@acme.test"), "address in the xCard: " + xml);
    }

    @Test
    void aClientsVCardSetIsRefusedAsNotAllowed() {
        VCard mine = new VCard();
        mine.setField("FN", "Someone Else");
        XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class,
                () -> VCardManager.getInstanceFor(alice).saveVCard(mine));
        assertEquals(StanzaError.Condition.not_allowed, e.getStanzaError().getCondition());
    }

    @Test
    void thePhotoHashInPresenceIsTheSha1OfThePhotoInTheVCardAndTheAvatarNode() throws Exception {
        XMPPTCPConnection watcher = server.client("acme.test", "bob", "bob", "watcher");
        StanzaCollector seen = watcher.createStanzaCollector(new StanzaTypeFilter(Presence.class));
        watcher.connect().login();
        XMPPTCPConnection phone = server.client("acme.test", "bob", "bob", "phone");
        phone.connect().login();
        try {
            String hash = awaitPhotoHash(seen, "bob@acme.test/phone", h -> !h.isEmpty(), Duration.ofSeconds(10));
            VCard card = VCardManager.getInstanceFor(alice).loadVCard(JidCreate.entityBareFrom("bob@acme.test"));
            assertEquals(sha1(card.getAvatar()), hash, "presence hash vs vCard photo");
            assertEquals(hash, avatarDataSha1(alice, "bob@acme.test"), "presence hash vs XEP-0084 data");

            // The admin changes bob's photo: the next presence and the vCard show it within 5 s.
            sim.putBytes("/sim/users/acme.test/bob/photo", png(new Color(200, 30, 160)));
            String changed = awaitPhotoHash(seen, "bob@acme.test/phone", h -> !h.isEmpty() && !h.equals(hash), Duration.ofSeconds(5));
            long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            String inCard = null;
            while (System.nanoTime() < end && !changed.equals(inCard)) {
                inCard = sha1(VCardManager.getInstanceFor(alice).loadVCard(JidCreate.entityBareFrom("bob@acme.test")).getAvatar());
            }
            assertEquals(changed, inCard, "the vCard shows the new photo within 5 s");
        } finally {
            phone.disconnect();
            watcher.disconnect();
        }
    }

    @Test
    void measuresRequestsPerSecondFromTheSimulatedCore() throws Exception {
        // A different account each time: never in the cache, every card comes from bm-core-sim.
        double rate = pipelined(2000, i -> "bench" + (1000 + i) + "@acme.test");
        System.out.printf("vCard requests/s served from bm-core-sim (2000 accounts, 200 in flight): %.0f%n", rate);
        assertTrue(rate > 0);
    }

    /**
     * Sends {@code n} vCard requests keeping up to 200 in flight (Smack's outgoing queue holds 500), so the
     * figure is the server's throughput rather than one client's round-trip latency.
     */
    static double pipelined(int n, java.util.function.IntFunction<String> target) throws Exception {
        java.util.ArrayDeque<org.jivesoftware.smack.SmackFuture<IQ, Exception>> inFlight = new java.util.ArrayDeque<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (inFlight.size() >= 200) {
                assertNotNull(((VCard) inFlight.poll().getOrThrow()).getField("FN"));
            }
            VCard request = new VCard();
            request.setTo(JidCreate.entityBareFrom(target.apply(i)));
            request.setType(IQ.Type.get);
            inFlight.add(alice.sendIqRequestAsync(request, 60_000));
        }
        while (!inFlight.isEmpty()) {
            assertNotNull(((VCard) inFlight.poll().getOrThrow()).getField("FN"));
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    static String awaitPhotoHash(StanzaCollector c, String from, java.util.function.Predicate<String> wanted, Duration d) throws Exception {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            Presence p = c.nextResult(Math.max(1, (end - System.nanoTime()) / 1_000_000));
            if (p != null && from.equals(p.getFrom().toString())) {
                PhotoUpdate x = (PhotoUpdate) p.getExtension(PhotoUpdate.NAMESPACE);
                String h = x == null || x.photo() == null ? "" : x.photo();
                if (wanted.test(h)) {
                    return h;
                }
            }
        }
        throw new AssertionError("no presence from " + from + " with the expected photo hash within " + d);
    }

    static String avatarDataSha1(XMPPTCPConnection c, String owner) throws Exception {
        PubSub request = PubSub.createPubsubPacket(JidCreate.bareFrom(owner), IQ.Type.get, new GetItemsRequest("urn:xmpp:avatar:data"));
        PubSub reply = c.sendIqRequestAndWaitForResponse(request);
        ItemsExtension items = reply.getExtension(PubSubElementType.ITEMS);
        String xml = ((PayloadItem<?>) items.getItems().get(0)).getPayload().toXML().toString();
        String b64 = xml.substring(xml.indexOf('>') + 1, xml.lastIndexOf("</")).replaceAll("\\s", "");
        return sha1(Base64.getDecoder().decode(b64));
    }

    static String sha1(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
    }

    static byte[] png(Color color) throws Exception {
        BufferedImage img = new BufferedImage(24, 24, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, 24, 24);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void measuresRequestsPerSecondFromTheCache() throws Exception {
        VCardManager.getInstanceFor(alice).loadVCard(JidCreate.entityBareFrom("bob@acme.test"));
        double rate = pipelined(5000, i -> "bob@acme.test");
        System.out.printf("vCard requests/s served from cache (5000 requests, 200 in flight on one connection): %.0f%n", rate);
        assertTrue(rate > 0);
    }
}
