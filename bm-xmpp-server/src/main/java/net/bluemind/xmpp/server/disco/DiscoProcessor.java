package net.bluemind.xmpp.server.disco;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;

import net.bluemind.xmpp.spi.Route;
import net.bluemind.xmpp.spi.StanzaContext;
import net.bluemind.xmpp.spi.StanzaProcessor;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.StanzaError;

/**
 * XEP-0030 service discovery of the server (identity server/im) and of accounts (account/registered),
 * with the features every processor declares, and the identities, items and nodes of the
 * {@link DiscoContributor}s.
 */
public final class DiscoProcessor implements StanzaProcessor {

    public static final String INFO = "http://jabber.org/protocol/disco#info";
    public static final String ITEMS = "http://jabber.org/protocol/disco#items";

    private final Function<Route.Target, Set<String>> features;
    private final String serverName;
    private final List<DiscoContributor> contributors;

    /** @param features the disco features of all processors for a kind of entity */
    public DiscoProcessor(Function<Route.Target, Set<String>> features, String serverName) {
        this(features, serverName, List.of());
    }

    public DiscoProcessor(Function<Route.Target, Set<String>> features, String serverName, List<DiscoContributor> contributors) {
        this.features = features;
        this.serverName = serverName;
        this.contributors = List.copyOf(contributors);
    }

    @Override
    public String id() {
        return "disco";
    }

    @Override
    public List<Route> routes() {
        return List.of(
                Route.iq("query", INFO, Route.Target.SERVER, Route.Target.SELF, Route.Target.ACCOUNT),
                Route.iq("query", ITEMS, Route.Target.SERVER, Route.Target.SELF, Route.Target.ACCOUNT));
    }

    @Override
    public Set<String> discoFeatures(Route.Target target) {
        return Set.of(INFO, ITEMS);
    }

    @Override
    public void process(StanzaContext ctx) {
        Element query = ctx.stanza().firstChildElement();
        if (!"get".equals(ctx.stanza().attribute("type"))) {
            ctx.replyError(StanzaError.of(StanzaError.Condition.NOT_ALLOWED));
            return;
        }
        String node = query.attribute("node");
        if (node != null) {
            boolean info = query.namespace().equals(INFO);
            answerNode(ctx, node, 0, info ? (c, x) -> c.nodeInfo(x, node) : (c, x) -> c.nodeItems(x, node));
            return;
        }
        if (query.namespace().equals(ITEMS)) {
            answerItems(ctx);
            return;
        }
        Element.Builder b = Element.builder("query", INFO);
        if (ctx.target() == Route.Target.SERVER) {
            b.child(Element.builder("identity", INFO).attribute("category", "server").attribute("type", "im")
                    .attribute("name", serverName).build());
        } else {
            b.child(Element.builder("identity", INFO).attribute("category", "account").attribute("type", "registered").build());
        }
        for (DiscoContributor c : contributors) {
            b.children(c.identities(ctx.target()));
        }
        for (String f : features.apply(ctx.target())) {
            b.child(Element.builder("feature", INFO).attribute("var", f).build());
        }
        ctx.replyResult(b.build());
    }

    private void answerItems(StanzaContext ctx) {
        CompletableFuture<List<Element>> all = CompletableFuture.completedFuture(new ArrayList<>());
        for (DiscoContributor c : contributors) {
            all = all.thenCompose(items -> c.items(ctx).thenApply(more -> {
                items.addAll(more);
                return items;
            }));
        }
        all.whenComplete((items, e) -> {
            if (e != null) {
                ctx.replyError(StanzaError.of(StanzaError.Condition.INTERNAL_SERVER_ERROR));
            } else {
                ctx.replyResult(Element.builder("query", ITEMS).children(items).build());
            }
        });
    }

    /** Asks the contributors in turn whose node it is; nobody's node is item-not-found. */
    private void answerNode(StanzaContext ctx, String node, int next,
                            BiFunction<DiscoContributor, StanzaContext, CompletionStage<Optional<Element>>> ask) {
        if (next == contributors.size()) {
            ctx.replyError(StanzaError.of(StanzaError.Condition.ITEM_NOT_FOUND));
            return;
        }
        ask.apply(contributors.get(next), ctx).whenComplete((answer, e) -> {
            if (e != null) {
                ctx.replyError(StanzaError.of(StanzaError.Condition.INTERNAL_SERVER_ERROR));
            } else if (answer.isPresent()) {
                ctx.replyResult(answer.get().withAttribute("node", node));
            } else {
                answerNode(ctx, node, next + 1, ask);
            }
        });
    }
}
