package net.bluemind.xmpp.server.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.sid.element.OriginIdElement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;

import net.bluemind.xmpp.server.config.LimitsConfig;
import net.bluemind.xmpp.server.config.ServerConfig;
import net.bluemind.xmpp.server.testkit.Await;
import net.bluemind.xmpp.server.testkit.SmackClients;
import net.bluemind.xmpp.server.testkit.TestServer;
import net.bluemind.xmpp.spi.ArchivedMessage;

/**
 * Issue 14: one message whose values the archive cannot hold must not stop the archive for everyone.
 * Over real sockets, on the JDBC archive in H2: over-long values the protocol lets through are either
 * archived whole or dead-lettered, the archive is never taken for down because of them, and every
 * other message is archived and found by MAM.
 */
class ArchivePoisonTest {

    private static final String ALICE = "alice@acme.test";
    private static final String BOB = "bob@acme.test";

    private TestServer server;
    private final List<XMPPTCPConnection> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        open.forEach(XMPPTCPConnection::disconnect);
        if (server != null) {
            server.close();
        }
    }

    /** H2 archive; stanzas up to 2 MiB, so that a body can outgrow what H2 holds in one value (1,000,000 characters). */
    private static UnaryOperator<ServerConfig> h2ArchiveWithBigStanzas() {
        return c -> c.withArchive(c.archive().withType("jdbc").withRetrySeconds(1))
                .withLimits(new LimitsConfig(2 << 20, null, null, null, null, null, null, null));
    }

    private XMPPTCPConnection login(String jid) throws Exception {
        XMPPTCPConnection c = SmackClients.login(server, jid, "poison");
        open.add(c);
        server.awaitAvailable(c.getUser().toString());
        assertTrue(MamManager.getInstanceFor(c).isSupported());
        return c;
    }

    private static MessageBuilder chat(XMPPTCPConnection from, String to, String body) throws Exception {
        return from.getStanzaFactory().buildMessageStanza().to(JidCreate.from(to)).ofType(Message.Type.chat).setBody(body);
    }

    private static List<String> archivedBodies(XMPPTCPConnection c, String with) throws Exception {
        MamManager.MamQuery q = MamManager.getInstanceFor(c).queryArchive(MamManager.MamQueryArgs.builder()
                .limitResultsToJid(JidCreate.from(with)).setResultPageSizeTo(100).build());
        return q.getMessages().stream().map(Message::getBody).toList();
    }

    private static void awaitBodies(XMPPTCPConnection c, String with, List<String> expected) {
        Await.until(expected.size() + " messages archived", Duration.ofSeconds(30), () -> {
            try {
                return archivedBodies(c, with).containsAll(expected);
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void overlongThreadAndOriginIdAreArchivedWholeAndStopNothing() throws Exception {
        server = TestServer.start(h2ArchiveWithBigStanzas());
        XMPPTCPConnection alice = login(ALICE);
        login(BOB);
        alice.sendStanza(chat(alice, BOB, "long thread").setThread("t".repeat(1_100)).build());
        alice.sendStanza(chat(alice, BOB, "long origin-id").addExtension(new OriginIdElement("o".repeat(5_000))).build());
        List<String> normal = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            normal.add("normal " + i);
            alice.sendStanza(chat(alice, BOB, "normal " + i).build());
        }
        List<String> all = new ArrayList<>(List.of("long thread", "long origin-id"));
        all.addAll(normal);
        awaitBodies(alice, BOB, all);
        assertEquals(all, archivedBodies(alice, BOB), "every message archived, in order");
        assertEquals(0, server.server().archive().writer().spooled(), "the archive was never taken for down");
        assertEquals(0, server.server().archive().writer().deadLettered());
    }

    /**
     * A database that refuses a value the server sends it: the archive table of an older schema, whose
     * thread column held 1,023 characters (V2), narrowed again behind the server's back between two starts.
     */
    private static void narrowThreadColumn(Path state) throws Exception {
        String url = "jdbc:h2:file:" + state.resolve("db").resolve("bm-xmpp").toAbsolutePath();
        try (Connection c = DriverManager.getConnection(url, "sa", null); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE xmpp_archive ALTER COLUMN thread SET DATA TYPE VARCHAR(1023)");
        }
    }

    private void startOnNarrowedSchema(Path state) throws Exception {
        TestServer.startKeeping(state, h2ArchiveWithBigStanzas()).close();
        narrowThreadColumn(state);
    }

    @Test
    void aMessageTheArchiveRefusesIsSetAsideAndTheOthersAreArchived(@TempDir Path state) throws Exception {
        startOnNarrowedSchema(state);
        server = TestServer.startKeeping(state, h2ArchiveWithBigStanzas());
        XMPPTCPConnection alice = login(ALICE);
        login(BOB);
        List<String> normal = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            normal.add("before " + i);
            alice.sendStanza(chat(alice, BOB, "before " + i).build());
        }
        Message refused = chat(alice, BOB, "refused").setThread("t".repeat(1_100)).build();
        alice.sendStanza(refused);
        for (int i = 0; i < 10; i++) {
            normal.add("after " + i);
            alice.sendStanza(chat(alice, BOB, "after " + i).build());
        }
        awaitBodies(alice, BOB, normal);
        Await.until("the refused message set aside", () -> server.server().archive().writer().deadLettered() == 1);
        assertEquals(normal, archivedBodies(alice, BOB), "every other message archived, in order");
        assertEquals(0, server.server().archive().writer().spooled(), "the archive was never taken for down");
        List<String> deadLetters = Files.readAllLines(state.resolve("archive-spool").resolve("dead-letters.jsonl"));
        assertEquals(1, deadLetters.size());
        assertTrue(deadLetters.get(0).contains(refused.getStanzaId()), "the dead letter holds the message");
        assertTrue(deadLetters.get(0).contains("SQLState 22001"), "and says why");
    }

    @Test
    void aRestartWithAPoisonedSpoolReplaysEverythingElse(@TempDir Path state) throws Exception {
        startOnNarrowedSchema(state);
        Path spoolDir = state.resolve("archive-spool");
        TestMessages messages = TestMessages.fromNow();
        List<ArchivedMessage> first = new ArrayList<>(messages.conversation(ALICE, BOB, 5));
        ArchivedMessage tooLong = messages.chat(ALICE, BOB, "refused");
        first.add(new ArchivedMessage(tooLong.owners(), tooLong.from(), tooLong.fromResource(), tooLong.to(), tooLong.toResource(),
                tooLong.stanzaId(), tooLong.originId(), tooLong.type(), "t".repeat(1_100), tooLong.body(), tooLong.timestamp(),
                tooLong.stanza()));
        first.add(messages.chat(ALICE, BOB, "right after the refused one"));
        ArchiveSpool spool = new ArchiveSpool(spoolDir, 64L << 20);
        spool.append(first);
        spool.close();
        // A record that is not a message (damaged, or written by another version), between two good ones.
        try (Stream<Path> files = Files.list(spoolDir)) {
            Path segment = files.filter(f -> f.toString().endsWith(".spool")).findFirst().orElseThrow();
            byte[] garbage = "{\"not\": \"a message\"".getBytes(StandardCharsets.UTF_8);
            Files.write(segment, ByteBuffer.allocate(4 + garbage.length).putInt(garbage.length).put(garbage).array(),
                    StandardOpenOption.APPEND);
        }
        ArchiveSpool more = new ArchiveSpool(spoolDir, 64L << 20);
        List<ArchivedMessage> second = messages.conversation(BOB, ALICE, 4);
        more.append(second);
        more.close();
        List<String> expected = new ArrayList<>();
        first.stream().filter(m -> m != first.get(5)).forEach(m -> expected.add(m.body()));
        second.forEach(m -> expected.add(m.body()));

        server = TestServer.startKeeping(state, h2ArchiveWithBigStanzas());
        XMPPTCPConnection alice = login(ALICE);
        awaitBodies(alice, BOB, expected);
        assertEquals(expected, archivedBodies(alice, BOB), "everything else replayed, in order");
        Await.until("the spool replayed", () -> server.server().archive().writer().spoolEmpty());
        assertEquals(2, server.server().archive().writer().deadLettered(), "the refused and the unreadable record set aside");
        List<String> deadLetters = Files.readAllLines(spoolDir.resolve("dead-letters.jsonl"));
        assertEquals(2, deadLetters.size());
        assertEquals(1, deadLetters.stream().filter(l -> l.contains(tooLong.stanzaId()) && l.contains("SQLState 22001")).count(),
                "the refused message, and why");
        assertEquals(1, deadLetters.stream().filter(l -> l.contains("\"raw\"")).count(), "the unreadable record as it was");
    }
}
