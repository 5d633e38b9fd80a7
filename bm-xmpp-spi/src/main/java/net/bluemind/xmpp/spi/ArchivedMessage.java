package net.bluemind.xmpp.spi;

import java.util.List;

/**
 * One archived message, kept once for all the parties whose archives hold it: BlueMind reads the
 * archive as one record per message ({@code from}, {@code to}, {@code message}, {@code timecreate}), and
 * XEP-0359 lets both parties know it by the same stanza id (an id only has to be unique within the
 * archive of its {@code by}).
 *
 * @param owners       bare JIDs of the archives holding it: the sender, the recipient, or both (each
 *                     party's archiving preferences decide); never empty
 * @param from         bare JID of the sender (BlueMind's {@code from})
 * @param fromResource the sender's resource, or null
 * @param to           bare JID of the recipient (BlueMind's {@code to})
 * @param toResource   the resource the message was addressed to, or null
 * @param stanzaId     the XEP-0359 stanza id, the MAM result id in every owner's archive; unique in each
 * @param originId     XEP-0359 origin-id the sender gave, or null
 * @param type         the message type: chat, normal, groupchat
 * @param thread       the thread id, or null
 * @param body         the body text (what full-text search looks in)
 * @param timestamp    when the server received it, in <b>microseconds</b> since the epoch; unique and
 *                     increasing across the server, so it orders an archive (BlueMind's {@code timecreate}
 *                     is {@code timestamp / 1000})
 * @param stanza       the whole message stanza, serialized, without stanza-id elements
 */
public record ArchivedMessage(List<String> owners, String from, String fromResource, String to, String toResource,
                              String stanzaId, String originId, String type, String thread, String body, long timestamp,
                              String stanza) {

    public ArchivedMessage {
        owners = List.copyOf(owners);
        if (owners.isEmpty()) {
            throw new IllegalArgumentException("an archived message belongs to at least one archive");
        }
    }

    /** BlueMind's {@code timecreate}: epoch milliseconds. */
    public long timeCreate() {
        return timestamp / 1000;
    }

    /** The other party, seen from {@code owner}'s archive (the owner itself for a note to self). */
    public String with(String owner) {
        return owner.equals(from) ? to : from;
    }

    /** The other party's resource seen from {@code owner}'s archive, or null. */
    public String withResource(String owner) {
        return owner.equals(from) ? toResource : fromResource;
    }

    /** The same message as held by fewer archives. */
    public ArchivedMessage withOwners(List<String> newOwners) {
        return new ArchivedMessage(newOwners, from, fromResource, to, toResource, stanzaId, originId, type, thread, body,
                timestamp, stanza);
    }
}
