package net.bluemind.xmpp.vcard;

import java.util.Base64;
import java.util.List;
import java.util.Set;

import net.bluemind.xmpp.spi.Route;
import net.bluemind.xmpp.spi.StanzaContext;
import net.bluemind.xmpp.spi.StanzaProcessor;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.StanzaError;

/**
 * XEP-0084 avatar nodes served straight from the directory photo instead of PEP storage, so the bytes and
 * their SHA-1 are the ones vcard-temp and the XEP-0153 presence hash give (XEP-0398). Only pubsub requests
 * on the two avatar nodes are taken ({@link #accepts}); every other node stays the engine's PEP.
 */
final class AvatarProcessor implements StanzaProcessor {

    static final String PUBSUB = "http://jabber.org/protocol/pubsub";
    static final String METADATA = "urn:xmpp:avatar:metadata";
    static final String DATA = "urn:xmpp:avatar:data";

    private final CardCache cache;

    AvatarProcessor(CardCache cache) {
        this.cache = cache;
    }

    @Override
    public String id() {
        return "avatar";
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.iq("pubsub", PUBSUB, Route.Target.SELF, Route.Target.ACCOUNT));
    }

    @Override
    public boolean accepts(Element pubsub) {
        Element op = pubsub.firstChildElement();
        String node = op == null ? null : op.attribute("node");
        return METADATA.equals(node) || DATA.equals(node);
    }

    @Override
    public Set<String> discoFeatures(Route.Target target) {
        return Set.of();
    }

    @Override
    public void process(StanzaContext ctx) {
        Element op = ctx.stanza().firstChildElement().firstChildElement();
        if (!"get".equals(ctx.stanza().attribute("type")) || !"items".equals(op.name())) {
            ctx.replyError(StanzaError.of(StanzaError.Condition.NOT_ALLOWED, "avatars come from the BlueMind directory"));
            return;
        }
        String node = op.attribute("node");
        cache.card(ctx.to().asBareJid().toString()).whenComplete((card, failure) -> {
            if (failure != null && !CardCache.notFound(failure)) {
                ctx.replyError(StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE, "the directory is unavailable"));
                return;
            }
            Avatar a = card == null ? null : card.avatar();
            if (a == null) {
                ctx.replyError(StanzaError.of(StanzaError.Condition.ITEM_NOT_FOUND));
                return;
            }
            Element payload = DATA.equals(node)
                    ? Element.builder("data", DATA).text(Base64.getEncoder().encodeToString(a.bytes())).build()
                    : Element.builder("metadata", METADATA).child(Element.builder("info", METADATA).attribute("id", a.sha1())
                            .attribute("bytes", Integer.toString(a.bytes().length)).attribute("type", a.type())
                            .attribute("width", Integer.toString(a.width())).attribute("height", Integer.toString(a.height())).build()).build();
            Element items = Element.builder("items", PUBSUB).attribute("node", node)
                    .child(Element.builder("item", PUBSUB).attribute("id", a.sha1()).child(payload).build()).build();
            ctx.replyResult(Element.builder("pubsub", PUBSUB).child(items).build());
        });
    }
}
