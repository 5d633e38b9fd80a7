package net.bluemind.xmpp.server.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.hints.element.NoStoreHint;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.mam.element.MamPrefsIQ;
import org.jivesoftware.smackx.mam.element.MamVersion;
import org.jivesoftware.smackx.xdata.FormField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

import net.bluemind.xmpp.server.config.ServerConfig;

/**
 * XEP-0313 over real sockets with Smack's MAM client, for any archive backend: a subclass names the
 * backend's configuration. Each test has a fresh server (and so an empty archive).
 */
public abstract class MamScenarios {

    protected TestServer server;
    private final List<XMPPTCPConnection> open = new ArrayList<>();

    /** The test configuration changed to use the backend under test. */
    protected abstract UnaryOperator<ServerConfig> archiveConfig();

    /** How long a message may take to become searchable (Elasticsearch refreshes, the writer batches). */
    protected Duration archiveDelay() {
        return Duration.ofSeconds(20);
    }

    /** Empties the backend before each test's server starts (a database or index outside the state folder). */
    protected void resetArchive() {
    }

    @BeforeEach
    void startServer() throws Exception {
        resetArchive();
        server = TestServer.start(archiveConfig());
    }

    @AfterEach
    void stopServer() throws Exception {
        open.forEach(XMPPTCPConnection::disconnect);
        open.clear();
        server.close();
    }

    protected XMPPTCPConnection login(String jid, String resource) throws Exception {
        XMPPTCPConnection c = SmackClients.login(server, jid, resource);
        open.add(c);
        server.awaitAvailable(c.getUser().toString());
        // Smack learns the MAM version from disco, and needs it before its first query.
        assertTrue(MamManager.getInstanceFor(c).isSupported(), "MAM is announced on the account");
        return c;
    }

    protected static Message chat(XMPPTCPConnection from, String to, String body) throws Exception {
        return from.getStanzaFactory().buildMessageStanza().to(JidCreate.from(to)).ofType(Message.Type.chat).setBody(body).build();
    }

    protected static Jid jid(String s) throws Exception {
        return JidCreate.from(s);
    }

    /** Every body in the archive of {@code c} with {@code with}, oldest first, paging forwards by {@code page}. */
    protected static List<String> allBodies(XMPPTCPConnection c, String with, int page) throws Exception {
        MamManager mam = MamManager.getInstanceFor(c);
        MamManager.MamQuery q = mam.queryArchive(MamManager.MamQueryArgs.builder().limitResultsToJid(jid(with))
                .setResultPageSizeTo(page).build());
        List<String> bodies = new ArrayList<>(bodies(q.getMessages()));
        int guard = 0;
        while (!q.isComplete() && guard++ < 10_000) {
            List<Message> next = q.pageNext(page);
            assertTrue(next.size() <= page, "a page holds at most the page size");
            bodies.addAll(bodies(next));
        }
        return bodies;
    }

    protected static List<String> bodies(List<Message> messages) {
        return messages.stream().map(Message::getBody).toList();
    }

    /** Waits until the archive of {@code c} holds {@code count} messages with {@code with}. */
    protected void awaitArchived(XMPPTCPConnection c, String with, int count) {
        Await.until(count + " messages with " + with + " in the archive of " + c.getUser(), archiveDelay(), () -> {
            try {
                MamManager.MamQuery q = MamManager.getInstanceFor(c).queryArchive(MamManager.MamQueryArgs.builder()
                        .limitResultsToJid(jid(with)).onlyReturnMessageCount().build());
                return q.getMessageCount() >= count || countOf(q) >= count;
            } catch (Exception e) {
                return false;
            }
        });
    }

    private static int countOf(MamManager.MamQuery q) {
        var set = q.getPage().getMamFinIq().getRSMSet();
        return set == null ? 0 : set.getCount();
    }

    @Test
    void theConversationIsInBothArchivesInOrderAcrossPages() throws Exception {
        XMPPTCPConnection alice = login("alice@acme.test", "mam");
        XMPPTCPConnection bob = login("bob@acme.test", "mam");
        assertTrue(MamManager.getInstanceFor(alice).isSupported(), "MAM is announced on the account");
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            String body = String.format("message %03d", i);
            sent.add(body);
            (i % 5 == 4 ? bob : alice).sendStanza(chat(i % 5 == 4 ? bob : alice, i % 5 == 4 ? "alice@acme.test" : "bob@acme.test", body));
        }
        awaitArchived(alice, "bob@acme.test", 250);
        awaitArchived(bob, "alice@acme.test", 250);
        // Each sender's stream is ordered; the two senders interleave, so compare each side's own order.
        List<String> inAlice = allBodies(alice, "bob@acme.test", 50);
        List<String> inBob = allBodies(bob, "alice@acme.test", 37);
        assertEquals(250, inAlice.size());
        assertEquals(inAlice, inBob, "both archives hold the same conversation in the same order");
        assertEquals(sent.stream().filter(b -> Integer.parseInt(b.substring(8)) % 5 != 4).toList(),
                inAlice.stream().filter(b -> Integer.parseInt(b.substring(8)) % 5 != 4).toList(), "alice's messages in her order");
        assertEquals(sent.stream().filter(b -> Integer.parseInt(b.substring(8)) % 5 == 4).toList(),
                inAlice.stream().filter(b -> Integer.parseInt(b.substring(8)) % 5 == 4).toList(), "bob's messages in his order");
    }

    @Test
    void theLastPageAndPagingBackwards() throws Exception {
        XMPPTCPConnection alice = login("alice@acme.test", "mam");
        login("bob@acme.test", "mam");
        for (int i = 0; i < 30; i++) {
            alice.sendStanza(chat(alice, "bob@acme.test", "n" + i));
        }
        awaitArchived(alice, "bob@acme.test", 30);
        MamManager.MamQuery last = MamManager.getInstanceFor(alice).queryMostRecentPage(jid("bob@acme.test"), 10);
        assertEquals(List.of("n20", "n21", "n22", "n23", "n24", "n25", "n26", "n27", "n28", "n29"), bodies(last.getMessages()));
        assertFalse(last.isComplete(), "older messages remain");
        List<Message> previous = last.pagePrevious(10);
        assertEquals("n10", previous.get(0).getBody());
        assertEquals("n19", previous.get(9).getBody());
    }

    @Test
    void fullTextSearchFindsAMessageByAWord() throws Exception {
        XMPPTCPConnection alice = login("alice@acme.test", "mam");
        login("bob@acme.test", "mam");
        alice.sendStanza(chat(alice, "bob@acme.test", "lunch at noon?"));
        alice.sendStanza(chat(alice, "bob@acme.test", "The Quokka report is ready"));
        alice.sendStanza(chat(alice, "bob@acme.test", "see you tomorrow"));
        awaitArchived(alice, "bob@acme.test", 3);
        MamManager mam = MamManager.getInstanceFor(alice);
        FormField search = FormField.textSingleBuilder("{urn:xmpp:fulltext:0}fulltext").setValue("quokka").build();
        MamManager.MamQuery found = mam.queryArchive(MamManager.MamQueryArgs.builder().withAdditionalFormField(search).build());
        assertEquals(List.of("The Quokka report is ready"), bodies(found.getMessages()));
        FormField absent = FormField.textSingleBuilder("{urn:xmpp:fulltext:0}fulltext").setValue("platypus").build();
        assertTrue(mam.queryArchive(MamManager.MamQueryArgs.builder().withAdditionalFormField(absent).build()).getMessages().isEmpty());
    }

    @Test
    void anUnknownIdIsItemNotFound() throws Exception {
        XMPPTCPConnection alice = login("alice@acme.test", "mam");
        XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class, () -> MamManager.getInstanceFor(alice)
                .queryArchive(MamManager.MamQueryArgs.builder().afterUid("00000000-0000-7000-8000-000000000000").build()));
        assertEquals(StanzaError.Condition.item_not_found, e.getStanzaError().getCondition());
    }

    @Test
    void aMessageKeptOfflineIsInTheRecipientsArchive() throws Exception {
        XMPPTCPConnection alice = login("alice@acme.test", "mam");
        alice.sendStanza(chat(alice, "bob@acme.test", "while you were away"));
        awaitArchived(alice, "bob@acme.test", 1);
        XMPPTCPConnection bob = login("bob@acme.test", "mam");
        awaitArchived(bob, "alice@acme.test", 1);
        assertEquals(List.of("while you were away"), allBodies(bob, "alice@acme.test", 10));
    }

    @Test
    void preferencesNeverKeepOnlyTheOtherPartysCopy() throws Exception {
        XMPPTCPConnection alice = login("alice@acme.test", "mam");
        XMPPTCPConnection bob = login("bob@acme.test", "mam");
        // Smack's MamManager.setDefaultBehavior reads the namespace of the iq, not of <prefs/>, and fails
        // on any server: the preferences iq is sent directly.
        MamPrefsIQ never = new MamPrefsIQ(MamVersion.MAM2, List.of(), List.of(), MamPrefsIQ.DefaultBehavior.never);
        never.setType(org.jivesoftware.smack.packet.IQ.Type.set);
        MamPrefsIQ stored = alice.sendIqRequestAndWaitForResponse(never);
        assertEquals(MamPrefsIQ.DefaultBehavior.never, stored.getDefault());
        assertEquals(MamPrefsIQ.DefaultBehavior.never,
                MamManager.getInstanceFor(alice).retrieveArchivingPreferences().mamPrefs.getDefault());
        alice.sendStanza(chat(alice, "bob@acme.test", "off the record"));
        bob.sendStanza(chat(bob, "alice@acme.test", "a marker after it"));
        awaitArchived(bob, "alice@acme.test", 2);
        assertEquals(List.of(), allBodies(alice, "bob@acme.test", 10), "alice archives nothing");
    }

    @Test
    void chatStatesAndNoStoreMessagesAreNotArchived() throws Exception {
        XMPPTCPConnection alice = login("alice@acme.test", "mam");
        XMPPTCPConnection bob = login("bob@acme.test", "mam");
        alice.sendStanza(chat(alice, "bob@acme.test", "ephemeral").asBuilder().addExtension(NoStoreHint.INSTANCE).build());
        alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(jid("bob@acme.test")).ofType(Message.Type.chat).build());
        alice.sendStanza(chat(alice, "bob@acme.test", "kept"));
        awaitArchived(bob, "alice@acme.test", 1);
        assertEquals(List.of("kept"), allBodies(bob, "alice@acme.test", 10));
    }

    @Test
    void theArchiveIsFilteredByContact() throws Exception {
        XMPPTCPConnection alice = login("alice@acme.test", "mam");
        login("bob@acme.test", "mam");
        login("carol@globex.test", "mam");
        alice.sendStanza(chat(alice, "bob@acme.test", "to bob"));
        alice.sendStanza(chat(alice, "bob@acme.test/mam", "to bob's mam resource"));
        alice.sendStanza(chat(alice, "carol@globex.test", "to carol"));
        awaitArchived(alice, "carol@globex.test", 1);
        awaitArchived(alice, "bob@acme.test", 2);
        assertEquals(List.of("to carol"), allBodies(alice, "carol@globex.test", 10));
        assertEquals(List.of("to carol"), allBodies(alice, "globex.test", 10), "a domain matches every contact there");
        assertEquals(List.of("to bob's mam resource"), allBodies(alice, "bob@acme.test/mam", 10),
                "a full JID matches only the messages to or from it");
    }
}
