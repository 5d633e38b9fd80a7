package net.bluemind.xmpp.server.carbons;

import java.util.List;
import java.util.Set;

import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.SessionManager;
import net.bluemind.xmpp.spi.Route;
import net.bluemind.xmpp.spi.StanzaContext;
import net.bluemind.xmpp.spi.StanzaProcessor;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.StanzaError;

/** XEP-0280: a resource enables or disables carbons for itself; repeating either is not an error (§10.1). */
public final class CarbonsProcessor implements StanzaProcessor {

    private final SessionManager sessions;

    public CarbonsProcessor(SessionManager sessions) {
        this.sessions = sessions;
    }

    @Override
    public String id() {
        return "carbons";
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.iq("enable", Carbons.NS, Route.Target.SELF),
                Route.iq("disable", Carbons.NS, Route.Target.SELF));
    }

    @Override
    public Set<String> discoFeatures(Route.Target target) {
        return Set.of(Carbons.NS);
    }

    @Override
    public void process(StanzaContext ctx) {
        if (!"set".equals(ctx.stanza().attribute("type"))) {
            ctx.replyError(StanzaError.of(StanzaError.Condition.BAD_REQUEST, "carbons are enabled and disabled with an iq set"));
            return;
        }
        ClientSession s = sessions.find(ctx.from());
        if (s == null) {
            ctx.replyError(StanzaError.of(StanzaError.Condition.ITEM_NOT_FOUND));
            return;
        }
        Element command = ctx.stanza().firstChildElement();
        s.put(Carbons.ENABLED, command.name().equals("enable") ? Boolean.TRUE : null);
        ctx.replyResult(null);
    }
}
