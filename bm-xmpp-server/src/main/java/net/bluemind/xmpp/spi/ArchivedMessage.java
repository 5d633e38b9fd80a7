package net.bluemind.xmpp.spi;

/**
 * One party's copy of one message.
 *
 * @param owner     bare JID of the archive this copy belongs to
 * @param with      bare JID of the other party
 * @param withResource the other party's resource when known (sender's resource, or the full JID the
 *                  message was addressed to), else null
 * @param from      bare JID of the sender (BlueMind's {@code from})
 * @param to        bare JID of the recipient (BlueMind's {@code to})
 * @param stanzaId  XEP-0359 id by {@code owner}: the MAM result id; unique in the owner's archive
 * @param originId  XEP-0359 origin-id the sender gave, or null
 * @param type      the message type: chat, normal, groupchat
 * @param thread    the thread id, or null
 * @param body      the body text (what full-text search looks in)
 * @param timestamp when the server received it, in <b>microseconds</b> since the epoch; unique and
 *                  increasing across the server, so it orders an archive (BlueMind's {@code timecreate}
 *                  is {@code timestamp / 1000})
 * @param stanza    the whole message stanza as the owner saw it, serialized
 */
public record ArchivedMessage(String owner, String with, String withResource, String from, String to, String stanzaId,
                              String originId, String type, String thread, String body, long timestamp, String stanza) {

    /** BlueMind's {@code timecreate}: epoch milliseconds. */
    public long timeCreate() {
        return timestamp / 1000;
    }
}
