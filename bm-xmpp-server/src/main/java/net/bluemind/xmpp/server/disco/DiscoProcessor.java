package net.bluemind.xmpp.server.disco;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

import net.bluemind.xmpp.spi.Route;
import net.bluemind.xmpp.spi.StanzaContext;
import net.bluemind.xmpp.spi.StanzaProcessor;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.StanzaError;

/**
 * XEP-0030 service discovery of the server (identity server/im) and of accounts (account/registered),
 * with the features every processor declares.
 */
public final class DiscoProcessor implements StanzaProcessor {

    public static final String INFO = "http://jabber.org/protocol/disco#info";
    public static final String ITEMS = "http://jabber.org/protocol/disco#items";

    private final Function<Route.Target, Set<String>> features;
    private final String serverName;
    private final List<DiscoNodeProvider> nodes;

    /** @param features the disco features of all processors for a kind of entity */
    public DiscoProcessor(Function<Route.Target, Set<String>> features, String serverName) {
        this(features, serverName, List.of());
    }

    /** @param nodes the features that publish nodes (XEP-0030 §3.2, §4.2), asked in order */
    public DiscoProcessor(Function<Route.Target, Set<String>> features, String serverName, List<DiscoNodeProvider> nodes) {
        this.features = features;
        this.serverName = serverName;
        this.nodes = List.copyOf(nodes);
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
        if (query.attribute("node") != null) {
            answerNode(ctx, query.namespace(), query.attribute("node"));
            return;
        }
        if (query.namespace().equals(ITEMS)) {
            ctx.replyResult(Element.empty("query", ITEMS));
            return;
        }
        Element.Builder b = Element.builder("query", INFO);
        if (ctx.target() == Route.Target.SERVER) {
            b.child(Element.builder("identity", INFO).attribute("category", "server").attribute("type", "im")
                    .attribute("name", serverName).build());
        } else {
            b.child(Element.builder("identity", INFO).attribute("category", "account").attribute("type", "registered").build());
        }
        for (String f : features.apply(ctx.target())) {
            b.child(Element.builder("feature", INFO).attribute("var", f).build());
        }
        ctx.replyResult(b.build());
    }

    private void answerNode(StanzaContext ctx, String namespace, String node) {
        for (DiscoNodeProvider p : nodes) {
            List<Element> children = namespace.equals(ITEMS) ? p.items(ctx, node) : p.info(ctx, node);
            if (children != null) {
                ctx.replyResult(Element.builder("query", namespace).attribute("node", node).children(children).build());
                return;
            }
        }
        ctx.replyError(StanzaError.of(StanzaError.Condition.ITEM_NOT_FOUND));
    }
}
