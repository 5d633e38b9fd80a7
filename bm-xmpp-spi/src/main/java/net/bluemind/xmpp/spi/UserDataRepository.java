package net.bluemind.xmpp.spi;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Server-side user data (Tigase's user repository): rosters, offline messages, private XML,
 * block lists and PEP nodes. Users and contacts are bare JID strings in their canonical form.
 *
 * <p>Every write completes only once it is durable: the engine acknowledges a client (roster push,
 * iq result, SM ack) after the stage completes. Implementations run their I/O off the caller's
 * thread and complete every stage, with an exception when the backend fails.
 */
public interface UserDataRepository {

    // --- Roster (RFC 6121 §2, XEP-0237 versioning) ---

    /** The whole roster with its current version. */
    CompletionStage<Roster> roster(String user);

    /** Inserts or replaces one item; returns the roster's new version. */
    CompletionStage<Long> putRosterItem(String user, RosterItem item);

    /** Removes one item (no-op when absent); returns the roster's new version. */
    CompletionStage<Long> removeRosterItem(String user, String contact);

    // --- Offline messages (XEP-0160) ---

    /**
     * Stores a message for a user who is offline. Returns false, storing nothing, when the user
     * already has {@code maxPerUser} messages waiting.
     */
    default CompletionStage<Boolean> storeOffline(String user, OfflineMessage message, int maxPerUser) {
        return storeOffline(user, message, maxPerUser, Long.MAX_VALUE);
    }

    /**
     * Stores a message for a user who is offline. Returns false, storing nothing, when the user already has
     * {@code maxPerUser} messages waiting, or when the message would take the UTF-8 bytes of the user's
     * waiting stanzas past {@code maxBytesPerUser} (a first message is stored whatever its size).
     */
    CompletionStage<Boolean> storeOffline(String user, OfflineMessage message, int maxPerUser, long maxBytesPerUser);

    /** The waiting messages, oldest first (not removed). */
    CompletionStage<List<OfflineMessage>> offlineMessages(String user);

    /** Removes the messages with these ids, once they have been delivered. */
    CompletionStage<Void> deleteOffline(String user, List<Long> ids);

    // --- Private XML storage (XEP-0049) ---

    /** The stored element for (name, namespace), serialized, or empty. */
    CompletionStage<Optional<String>> privateXml(String user, String elementName, String namespace);

    CompletionStage<Void> putPrivateXml(String user, String elementName, String namespace, String xml);

    // --- Blocking (XEP-0191) ---

    CompletionStage<Set<String>> blockList(String user);

    /** Adds JIDs (bare, full or domain) to the block list. */
    CompletionStage<Void> block(String user, Set<String> jids);

    /** Removes JIDs; an empty set clears the list. */
    CompletionStage<Void> unblock(String user, Set<String> jids);

    // --- PEP (XEP-0163 on XEP-0060 basics) ---

    /** The user's PEP node names. */
    CompletionStage<List<String>> pepNodes(String owner);

    /** The node's configuration, or empty when the node does not exist. */
    CompletionStage<Optional<PepNodeConfig>> pepNode(String owner, String node);

    /** Creates or reconfigures a node. */
    CompletionStage<Void> putPepNode(String owner, String node, PepNodeConfig config);

    /**
     * Publishes (or replaces, same id) an item, creating the node with {@code configIfNew} when it
     * does not exist, and keeps at most the node's {@code maxItems} newest items.
     */
    CompletionStage<Void> publishPepItem(String owner, String node, PepItem item, PepNodeConfig configIfNew);

    /** The node's items, newest first, at most {@code max} (0 = all). */
    CompletionStage<List<PepItem>> pepItems(String owner, String node, int max);

    /** Removes an item; true when it existed. */
    CompletionStage<Boolean> retractPepItem(String owner, String node, String itemId);

    /** Deletes a node with its items; true when it existed. */
    CompletionStage<Boolean> deletePepNode(String owner, String node);

    // --- Account lifecycle ---

    /** Removes everything stored for a user (account deleted). */
    CompletionStage<Void> deleteUser(String user);

    // --- Value types ---

    /** A roster and its version (XEP-0237: a number that grows with every change). */
    record Roster(long version, List<RosterItem> items) {
        public Roster {
            items = List.copyOf(items);
        }
    }

    /**
     * One roster item with its subscription state (RFC 6121 Appendix A).
     *
     * @param contact      the contact's bare JID
     * @param name         the user's name for the contact, or null
     * @param subscription none, to, from or both
     * @param askOut       the user asked to see the contact's presence and awaits the answer ("Pending Out")
     * @param pendingIn    the contact asked to see the user's presence and awaits the answer ("Pending In")
     * @param preApproved  the user pre-approved a request from the contact (RFC 6121 §3.4)
     * @param groups       the groups the item is in
     */
    record RosterItem(String contact, String name, Subscription subscription, boolean askOut, boolean pendingIn,
                      boolean preApproved, List<String> groups) {
        public RosterItem {
            groups = List.copyOf(groups);
        }
    }

    enum Subscription {
        NONE, TO, FROM, BOTH;

        public boolean hasTo() {
            return this == TO || this == BOTH;
        }

        public boolean hasFrom() {
            return this == FROM || this == BOTH;
        }
    }

    /**
     * @param id     assigned by the repository when stored (ignored on store)
     * @param from   the sender's JID
     * @param stanza the whole message stanza, serialized
     * @param stamp  when the server received it, epoch milliseconds
     */
    record OfflineMessage(long id, String from, String stanza, long stamp) {

    }

    /**
     * @param accessModel who may see the items: "presence" (contacts with a from/both subscription),
     *                    "open", "whitelist" (the owner only) or "roster"
     * @param maxItems    how many items are kept (1 for most PEP nodes)
     * @param persist     whether items are kept at all
     */
    record PepNodeConfig(String accessModel, int maxItems, boolean persist) {
    }

    /** @param payload the item's payload element, serialized; @param published epoch milliseconds */
    record PepItem(String id, String payload, String publisher, long published) {
    }
}
