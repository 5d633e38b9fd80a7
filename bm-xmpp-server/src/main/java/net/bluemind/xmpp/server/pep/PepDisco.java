package net.bluemind.xmpp.server.pep;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import net.bluemind.xmpp.server.disco.DiscoContributor;
import net.bluemind.xmpp.server.disco.DiscoProcessor;
import net.bluemind.xmpp.spi.Route;
import net.bluemind.xmpp.spi.StanzaContext;
import net.bluemind.xmpp.xml.Element;

/**
 * PEP in service discovery: accounts have the pubsub/pep identity (XEP-0163 §6); disco#items of an
 * account lists the nodes the requester may see; a node has the pubsub/leaf identity, its meta-data,
 * and its items. Nodes the requester may not see do not exist for it.
 */
final class PepDisco implements DiscoContributor {

    private final PepService service;

    PepDisco(PepService service) {
        this.service = service;
    }

    @Override
    public List<Element> identities(Route.Target target) {
        if (target == Route.Target.SERVER) {
            return List.of();
        }
        return List.of(Element.builder("identity", DiscoProcessor.INFO).attribute("category", "pubsub").attribute("type", "pep").build());
    }

    @Override
    public CompletionStage<List<Element>> items(StanzaContext request) {
        if (request.target() == Route.Target.SERVER) {
            return CompletableFuture.completedFuture(List.of());
        }
        String owner = request.to().asBareJid().toString();
        return service.visibleNodes(owner, request.from().asBareJid().toString()).thenApply(nodes -> {
            List<Element> out = new ArrayList<>(nodes.size());
            for (String n : nodes) {
                out.add(Element.builder("item", DiscoProcessor.ITEMS).attribute("jid", owner).attribute("node", n).build());
            }
            return out;
        });
    }

    @Override
    public CompletionStage<Optional<Element>> nodeInfo(StanzaContext request, String node) {
        if (request.target() == Route.Target.SERVER) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        String owner = request.to().asBareJid().toString();
        return service.visibleNode(owner, request.from().asBareJid().toString(), node).thenApply(config -> config.map(c ->
                Element.builder("query", DiscoProcessor.INFO)
                        .child(Element.builder("identity", DiscoProcessor.INFO).attribute("category", "pubsub").attribute("type", "leaf").build())
                        .child(Element.builder("feature", DiscoProcessor.INFO).attribute("var", Pubsub.NS).build())
                        .child(NodeOptions.form(c, "result", Pubsub.META_DATA))
                        .build()));
    }

    @Override
    public CompletionStage<Optional<Element>> nodeItems(StanzaContext request, String node) {
        if (request.target() == Route.Target.SERVER) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        String owner = request.to().asBareJid().toString();
        return service.visibleItemIds(owner, request.from().asBareJid().toString(), node).thenApply(ids -> ids.map(list -> {
            Element.Builder q = Element.builder("query", DiscoProcessor.ITEMS);
            for (String id : list) {
                q.child(Element.builder("item", DiscoProcessor.ITEMS).attribute("jid", owner).attribute("name", id).build());
            }
            return q.build();
        }));
    }
}
