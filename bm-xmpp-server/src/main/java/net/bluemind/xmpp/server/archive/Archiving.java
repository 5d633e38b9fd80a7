package net.bluemind.xmpp.server.archive;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import net.bluemind.xmpp.server.hooks.LocalMessage;
import net.bluemind.xmpp.server.hooks.StanzaHooks;
import net.bluemind.xmpp.server.hooks.StanzaIdentifiers;
import net.bluemind.xmpp.server.offline.OfflineStore;
import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.Receipt;
import net.bluemind.xmpp.server.stanzaid.StanzaIds;
import net.bluemind.xmpp.spi.ArchivedMessage;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;

/**
 * The archive's pre-processor: decides which messages are archived and hands them to the
 * {@link ArchiveWriter}. It runs on the sender's connection thread, so it only takes a timestamp and
 * enqueues; building the record (body, serialization) happens on the writer thread.
 *
 * <p>When the writer's queue is congested (even the spool cannot keep up), the connections of the senders
 * filling it stop being read until the queue has drained to a quarter: they slow down, others do not, and
 * no message goes unarchived.
 *
 * <p>Archived: {@code chat} and {@code normal} messages with a body, unless they carry a XEP-0334
 * {@code no-store} or {@code no-permanent-store} hint. Chat states, receipts and other bodiless
 * messages are not conversations.
 */
public final class Archiving {

    private static final String THREAD = "thread";

    /** After the handlers that rewrite or copy the message. */
    static final int PRIORITY = 0;

    private final ArchiveWriter writer;
    /** Microseconds since the epoch, strictly increasing: the archive's order. */
    private final AtomicLong lastTimestamp = new AtomicLong();

    public Archiving(ArchiveWriter writer) {
        this.writer = writer;
    }

    /**
     * Archives what was delivered or stored offline (both local parties' archives, the recipient's only for a remote
     * sender) and what a local user sent to another server (the sender's archive).
     */
    public void attach(StanzaHooks hooks) {
        hooks.messageDelivered.add(PRIORITY, "archive", m -> {
            if (!m.redelivery()) {
                archive(m, m.toResource());
            }
            return false;
        });
        hooks.messageStored.add(PRIORITY, "archive", m -> {
            if (!m.redelivery()) {
                archive(m, null);
            }
            return false;
        });
        hooks.messageToRemote.add(PRIORITY, "archive", m -> {
            ClientSession sender = m.sender();
            String from = sender.bareJid().toString();
            archive(m.message(), List.of(from), from, sender.fullJid().getResourcepart().toString(), m.to().asBareJid().toString(),
                    m.to().getResourceOrNull() == null ? null : m.to().getResourceOrNull().toString(), StanzaIdentifiers.next(), sender,
                    sender.receipt());
            return false;
        });
    }

    private void archive(LocalMessage m, String toResource) {
        String from = m.senderBareJid();
        String to = m.recipient().toString();
        List<String> owners = !m.fromLocalUser() || from.equals(to) ? List.of(to) : List.of(from, to);
        archive(m.sent(), owners, from, m.senderResource(), to, toResource, m.stanzaId(), m.senderSession(), m.receipt());
    }

    public static boolean archivable(Element message) {
        String type = message.attribute("type");
        if (type != null && !"chat".equals(type) && !"normal".equals(type)) {
            return false;
        }
        if (message.firstChild("body", Namespaces.CLIENT) == null) {
            return false;
        }
        return !OfflineStore.forbidsStorage(message);
    }

    /**
     * Archives a message that was accepted for delivery (delivered, or kept offline).
     *
     * @param owners     the archives to hold it, among sender and recipient (local accounts only)
     * @param from       the sender's bare JID; {@code fromResource} its resource or null
     * @param to         the recipient's bare JID; {@code toResource} the resource addressed, or null
     * @param stanzaId   the stanza id both parties know it by
     * @param sender     the local session that sent it, held back while the archive is congested; null
     *                   for a message from another server
     * @param receipt    the sender's stanza, held until the archive (or its spool) has the message
     */
    public void archive(Element message, List<String> owners, String from, String fromResource, String to, String toResource,
                        String stanzaId, ClientSession sender, Receipt receipt) {
        if (owners.isEmpty() || !archivable(message)) {
            return;
        }
        long timestamp = nextTimestamp();
        writer.offer(() -> build(message, owners, from, fromResource, to, toResource, stanzaId, timestamp),
                message.footprint(), sender, receipt.hold());
        if (sender != null) {
            writer.holdBackIfHeavy(sender);
        }
    }

    private static ArchivedMessage build(Element message, List<String> owners, String from, String fromResource, String to,
                                         String toResource, String stanzaId, long timestamp) {
        Element body = message.firstChild("body", Namespaces.CLIENT);
        Element thread = message.firstChild(THREAD, Namespaces.CLIENT);
        Element origin = message.firstChild("origin-id", StanzaIds.NS);
        Element kept = message.withoutChildren(e -> e.is("stanza-id", StanzaIds.NS));
        String type = message.attribute("type") == null ? "normal" : message.attribute("type");
        return new ArchivedMessage(owners, from, fromResource, to, toResource, stanzaId, origin == null ? null : origin.attribute("id"),
                type, thread == null ? null : thread.text(), body == null ? null : body.text(), timestamp, kept.toString());
    }

    long nextTimestamp() {
        long now = System.currentTimeMillis() * 1000;
        while (true) {
            long last = lastTimestamp.get();
            long next = Math.max(now, last + 1);
            if (lastTimestamp.compareAndSet(last, next)) {
                return next;
            }
        }
    }
}
