package net.bluemind.xmpp.server.disco;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import net.bluemind.xmpp.spi.Route;
import net.bluemind.xmpp.spi.StanzaContext;
import net.bluemind.xmpp.xml.Element;

/**
 * A feature's part in XEP-0030 answers beyond its plain features: identities of the entity, items, and
 * the nodes it owns. Answers that depend on stored data or on who asks are asynchronous.
 */
public interface DiscoContributor {

    /** Identities the entity has besides its base one (e.g. pubsub/pep for accounts). */
    default List<Element> identities(Route.Target target) {
        return List.of();
    }

    /** disco#items of the entity itself (no node) that the requester may see. */
    default CompletionStage<List<Element>> items(StanzaContext request) {
        return CompletableFuture.completedFuture(List.of());
    }

    /**
     * The disco#info {@code <query/>} of a node, or empty when the node is not this contributor's (or
     * the requester may not know of it).
     */
    default CompletionStage<Optional<Element>> nodeInfo(StanzaContext request, String node) {
        return CompletableFuture.completedFuture(Optional.empty());
    }

    /** The disco#items {@code <query/>} of a node, or empty as for {@link #nodeInfo}. */
    default CompletionStage<Optional<Element>> nodeItems(StanzaContext request, String node) {
        return CompletableFuture.completedFuture(Optional.empty());
    }
}
