package net.bluemind.xmpp.server.archive;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import net.bluemind.xmpp.spi.ArchivedMessage;

/**
 * Makes archived messages as the engine would: a fresh UUID stanza id each, and timestamps that are unique
 * and increasing (one millisecond apart, so BlueMind's millisecond {@code timecreate} orders them too).
 */
public final class TestMessages {

    private long nextMicros;

    /** Messages stamped from this instant on (epoch microseconds). */
    public TestMessages(long startMicros) {
        this.nextMicros = startMicros;
    }

    /** Stamped from now on. */
    public static TestMessages fromNow() {
        return new TestMessages(System.currentTimeMillis() * 1000);
    }

    /** A chat message between two full JIDs (a null resource: a bare JID), held by the given archives. */
    public ArchivedMessage chat(String fromFull, String toFull, String body, List<String> owners) {
        String stanzaId = UUID.randomUUID().toString();
        String originId = UUID.randomUUID().toString();
        String stanza = "<message xmlns='jabber:client' type='chat' from='" + fromFull + "' to='" + toFull
                + "' id='" + originId + "'><body>" + body + "</body><origin-id xmlns='urn:xmpp:sid:0' id='"
                + originId + "'/></message>";
        long timestamp = nextMicros;
        nextMicros += 1000;
        return new ArchivedMessage(owners, bare(fromFull), resource(fromFull), bare(toFull), resource(toFull),
                stanzaId, originId, "chat", null, body, timestamp, stanza);
    }

    /** Both parties archive it. */
    public ArchivedMessage chat(String fromFull, String toFull, String body) {
        return chat(fromFull, toFull, body, List.of(bare(fromFull), bare(toFull)));
    }

    /** {@code n} messages, alternately sent by each party, held by both: "message 0", "message 1", ... */
    public List<ArchivedMessage> conversation(String one, String other, int n) {
        List<ArchivedMessage> messages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            messages.add(i % 2 == 0 ? chat(one, other, "message " + i) : chat(other, one, "message " + i));
        }
        return messages;
    }

    public static String bare(String jid) {
        int slash = jid.indexOf('/');
        return slash < 0 ? jid : jid.substring(0, slash);
    }

    private static String resource(String jid) {
        int slash = jid.indexOf('/');
        return slash < 0 ? null : jid.substring(slash + 1);
    }
}
