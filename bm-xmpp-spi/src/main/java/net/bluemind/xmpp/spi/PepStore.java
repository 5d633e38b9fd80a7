package net.bluemind.xmpp.spi;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Each user's PEP nodes and their items (XEP-0163 on XEP-0060 basics). */
public interface PepStore {

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
