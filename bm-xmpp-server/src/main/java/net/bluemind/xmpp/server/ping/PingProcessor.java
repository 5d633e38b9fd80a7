package net.bluemind.xmpp.server.ping;

import java.util.List;
import java.util.Set;

import net.bluemind.xmpp.spi.Route;
import net.bluemind.xmpp.spi.StanzaContext;
import net.bluemind.xmpp.spi.StanzaProcessor;

/** XEP-0199: the server answers pings addressed to it or to the sender's own account. */
public final class PingProcessor implements StanzaProcessor {

    public static final String NS = "urn:xmpp:ping";

    @Override
    public String id() {
        return "ping";
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.iq("ping", NS, Route.Target.SERVER, Route.Target.SELF));
    }

    @Override
    public Set<String> discoFeatures(Route.Target target) {
        return target == Route.Target.ACCOUNT ? Set.of() : Set.of(NS);
    }

    @Override
    public void process(StanzaContext ctx) {
        ctx.replyResult(null);
    }
}
