package net.bluemind.xmpp.server.offline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.bluemind.xmpp.server.hooks.StanzaHooks;
import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.Receipt;
import net.bluemind.xmpp.server.session.UserSerializer;
import net.bluemind.xmpp.spi.OfflineMessageStore;
import net.bluemind.xmpp.spi.OfflineMessageStore.OfflineMessage;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;
import net.bluemind.xmpp.xml.StanzaError;
import net.bluemind.xmpp.xml.XmlParser;

/**
 * XEP-0160: messages for users who are offline are stored, in order with the user's other stored
 * changes, and delivered with a XEP-0203 delay stamp when the user next becomes available with a
 * non-negative priority; removed once handed to the connection.
 */
public final class OfflineStore {

    /** What became of a message that could not be delivered live. */
    public enum Outcome { STORED, FULL, NOT_STORABLE }

    public static final String DELAY_NS = "urn:xmpp:delay";
    private static final String HINTS_NS = "urn:xmpp:hints";
    private static final Logger log = LoggerFactory.getLogger(OfflineStore.class);

    private final OfflineMessageStore repository;
    private final UserSerializer serializer;
    private final int maxPerUser;
    private final long maxBytesPerUser;

    public OfflineStore(OfflineMessageStore repository, UserSerializer serializer, int maxPerUser, long maxBytesPerUser) {
        this.repository = repository;
        this.serializer = serializer;
        this.maxPerUser = maxPerUser;
        this.maxBytesPerUser = maxBytesPerUser;
    }

    /** Whether the sender asked that the message be kept nowhere (XEP-0334 no-store, no-permanent-store). */
    /**
     * Keeps what no session of an existing user could take (XEP-0160): stored, then {@link StanzaHooks#messageStored}
     * (the archive takes it there); the sender hears when it cannot be kept. The sender's stanza counts as handled
     * only once the row is durable.
     */
    public void attach(StanzaHooks hooks) {
        hooks.messageUndelivered.add(0, "offline", m -> {
            if (!storable(m.stanza(), m.type())) {
                return false;
            }
            Receipt receipt = m.receipt().hold();
            store(m.recipient().toString(), m.stanza()).whenComplete((outcome, error) -> {
                try {
                    if (error != null) {
                        m.bounce(new StanzaError(StanzaError.Condition.INTERNAL_SERVER_ERROR, StanzaError.Type.WAIT,
                                "the message could not be stored for " + m.recipient() + "; try again later"));
                    } else if (outcome == Outcome.FULL) {
                        m.bounce(StanzaError.of(StanzaError.Condition.RESOURCE_CONSTRAINT,
                                "offline storage for " + m.recipient() + " is full"));
                    } else if (outcome == Outcome.STORED) {
                        hooks.messageStored.fire(m);
                    }
                } finally {
                    receipt.release();
                }
            });
            return true;
        });
    }

    public static boolean forbidsStorage(Element message) {
        return message.firstChild("no-store", HINTS_NS) != null || message.firstChild("no-permanent-store", HINTS_NS) != null;
    }

    /** Whether XEP-0160 / XEP-0334 say the message is worth keeping (not a bare chat state, not no-store). */
    public static boolean storable(Element message, String type) {
        if (!"chat".equals(type) && !"normal".equals(type)) {
            return false;
        }
        if (forbidsStorage(message)) {
            return false;
        }
        return message.firstChild("body", Namespaces.CLIENT) != null || message.firstChild("subject", Namespaces.CLIENT) != null
                || message.firstChild("store", HINTS_NS) != null;
    }

    public CompletionStage<Outcome> store(String user, Element message) {
        OfflineMessage m = new OfflineMessage(0, message.attribute("from"), message.toString(), System.currentTimeMillis());
        return serializer.run(user, () -> repository.storeOffline(user, m, maxPerUser, maxBytesPerUser))
                .thenApply(stored -> stored ? Outcome.STORED : Outcome.FULL);
    }

    /** Hands the waiting messages to a resource that just became available, then forgets them. */
    public void flush(ClientSession session, String domain) {
        String user = session.bareJid().toString();
        serializer.run(user, () -> repository.offlineMessages(user).thenCompose(messages -> {
            if (messages.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            List<Long> ids = new ArrayList<>(messages.size());
            for (OfflineMessage m : messages) {
                try {
                    session.deliver(withDelay(XmlParser.parse(m.stanza(), Namespaces.CLIENT), domain, m.stamp()));
                } catch (IllegalArgumentException e) {
                    log.warn("offline message {} of {} is unreadable and is dropped: {}", m.id(), user, e.getMessage());
                }
                ids.add(m.id());
            }
            log.debug("delivered {} offline messages to {}", ids.size(), session.fullJid());
            return repository.deleteOffline(user, ids);
        }));
    }

    static Element withDelay(Element message, String domain, long stamp) {
        Element delay = Element.builder("delay", DELAY_NS)
                .attribute("from", domain)
                .attribute("stamp", Instant.ofEpochMilli(stamp).toString())
                .text("Offline Storage")
                .build();
        return message.toBuilder().child(delay).build();
    }
}
