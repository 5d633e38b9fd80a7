package net.bluemind.xmpp.archive.elasticsearch;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import net.bluemind.xmpp.spi.ArchivedMessage;

/**
 * A message as stored in the {@code im} index: BlueMind's fields ({@code id}, {@code from}, {@code to},
 * {@code message}, {@code timecreate}) next to what MAM needs. One document per message, whatever the
 * number of archives holding it ({@code owner} is an array), so that BlueMind's reader sees it once.
 *
 * @param with both parties' bare JIDs ({@code [from, to]}): for an owner, {@code owner:X AND with:W}
 *             selects X's conversation with W whichever way each message went
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ArchiveDocument(String id, String from, String to, String message, long timecreate, List<String> owner,
                       List<String> with, String fromResource, String toResource, long timestamp, String type,
                       String thread, String stanzaId, String originId, String stanza) {

    static ArchiveDocument of(ArchivedMessage m) {
        return new ArchiveDocument(m.stanzaId(), m.from(), m.to(), m.body(), m.timeCreate(), m.owners(),
                List.of(m.from(), m.to()), m.fromResource(), m.toResource(), m.timestamp(), m.type(), m.thread(),
                m.stanzaId(), m.originId(), m.stanza());
    }

    ArchivedMessage toMessage() {
        return new ArchivedMessage(owner, from, fromResource, to, toResource, stanzaId, originId, type, thread, message,
                timestamp, stanza);
    }

    /** The same document held by one archive fewer. */
    ArchiveDocument withoutOwner(String gone) {
        List<String> rest = owner.stream().filter(o -> !o.equals(gone)).toList();
        return new ArchiveDocument(id, from, to, message, timecreate, rest, with, fromResource, toResource, timestamp,
                type, thread, stanzaId, originId, stanza);
    }
}
