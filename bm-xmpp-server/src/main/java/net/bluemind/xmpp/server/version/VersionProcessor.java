package net.bluemind.xmpp.server.version;

import java.util.List;
import java.util.Set;

import net.bluemind.xmpp.spi.Route;
import net.bluemind.xmpp.spi.StanzaContext;
import net.bluemind.xmpp.spi.StanzaProcessor;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.StanzaError;

/** XEP-0092: the server's software name and version; the OS only when the admin allows it. */
public final class VersionProcessor implements StanzaProcessor {

    public static final String NS = "jabber:iq:version";

    private final String name;
    private final String version;
    private final String os;

    /** @param os the operating system to reveal, or null to keep it private */
    public VersionProcessor(String name, String version, String os) {
        this.name = name;
        this.version = version;
        this.os = os;
    }

    @Override
    public String id() {
        return "version";
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.iq("query", NS, Route.Target.SERVER));
    }

    @Override
    public Set<String> discoFeatures(Route.Target target) {
        return target == Route.Target.SERVER ? Set.of(NS) : Set.of();
    }

    @Override
    public void process(StanzaContext ctx) {
        if (!"get".equals(ctx.stanza().attribute("type"))) {
            ctx.replyError(StanzaError.of(StanzaError.Condition.NOT_ALLOWED));
            return;
        }
        Element.Builder q = Element.builder("query", NS).textChild("name", NS, name).textChild("version", NS, version);
        if (os != null) {
            q.textChild("os", NS, os);
        }
        ctx.replyResult(q.build());
    }
}
