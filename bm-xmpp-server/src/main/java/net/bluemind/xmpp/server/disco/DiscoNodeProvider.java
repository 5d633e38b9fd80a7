package net.bluemind.xmpp.server.disco;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import net.bluemind.xmpp.spi.StanzaContext;
import net.bluemind.xmpp.xml.Element;

/**
 * Answers disco#info and disco#items for the nodes of an entity (XEP-0030 §3.2, §4.2) that a feature
 * publishes, such as the ad-hoc commands node. What a node shows may depend on who asks.
 */
public interface DiscoNodeProvider {

    /**
     * The identities and features of {@code node} ({@code <identity/>}, {@code <feature/>} in
     * disco#info), or null when this provider does not publish that node to this requester.
     */
    List<Element> info(StanzaContext ctx, String node);

    /** The {@code <item/>}s (disco#items) of {@code node}, or null when it does not publish that node to this requester. */
    List<Element> items(StanzaContext ctx, String node);

    /** A provider as one of the disco processor's contributors. */
    static DiscoContributor contributor(DiscoNodeProvider provider) {
        return new DiscoContributor() {
            @Override
            public CompletionStage<Optional<Element>> nodeInfo(StanzaContext request, String node) {
                return CompletableFuture.completedFuture(wrap(DiscoProcessor.INFO, provider.info(request, node)));
            }

            @Override
            public CompletionStage<Optional<Element>> nodeItems(StanzaContext request, String node) {
                return CompletableFuture.completedFuture(wrap(DiscoProcessor.ITEMS, provider.items(request, node)));
            }
        };
    }

    private static Optional<Element> wrap(String namespace, List<Element> children) {
        return children == null ? Optional.empty() : Optional.of(Element.builder("query", namespace).children(children).build());
    }
}
