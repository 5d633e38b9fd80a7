package net.bluemind.xmpp.vcard;

import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

import net.bluemind.xmpp.spi.Route;
import net.bluemind.xmpp.spi.StanzaContext;
import net.bluemind.xmpp.spi.StanzaProcessor;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.StanzaError;

/**
 * XEP-0054 vcard-temp and XEP-0292 vCard4 (one instance per format): an account's card from the BlueMind
 * address book. The directory is read-only from XMPP: a set is refused with {@code not-allowed}.
 */
final class VCardProcessor implements StanzaProcessor {

    private final String id;
    private final String element;
    private final String namespace;
    private final CardCache cache;
    private final BiFunction<ezvcard.VCard, Avatar, Element> writer;

    private VCardProcessor(String id, String element, String namespace, CardCache cache, BiFunction<ezvcard.VCard, Avatar, Element> writer) {
        this.id = id;
        this.element = element;
        this.namespace = namespace;
        this.cache = cache;
        this.writer = writer;
    }

    static VCardProcessor vcardTemp(CardCache cache) {
        return new VCardProcessor("vcard-temp", "vCard", CardWriters.VCARD_TEMP, cache, CardWriters::vcardTemp);
    }

    static VCardProcessor vcard4(CardCache cache) {
        return new VCardProcessor("vcard4", "vcard", CardWriters.VCARD4, cache, CardWriters::xCard);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.iq(element, namespace, Route.Target.SELF, Route.Target.ACCOUNT));
    }

    @Override
    public Set<String> discoFeatures(Route.Target target) {
        return target == Route.Target.SERVER ? Set.of() : Set.of(namespace);
    }

    @Override
    public void process(StanzaContext ctx) {
        if (!"get".equals(ctx.stanza().attribute("type"))) {
            ctx.replyError(StanzaError.of(StanzaError.Condition.NOT_ALLOWED, "the directory is managed in BlueMind"));
            return;
        }
        String jid = ctx.to().asBareJid().toString();
        UserCard fresh = cache.fresh(jid);
        if (fresh != null) {
            ctx.replyResult(writer.apply(fresh.card(), fresh.avatar()));
            return;
        }
        cache.card(jid).whenComplete((card, failure) -> {
            if (failure == null) {
                ctx.replyResult(writer.apply(card.card(), card.avatar()));
            } else if (CardCache.notFound(failure)) {
                ctx.replyResult(writer.apply(null, null)); // XEP-0054: an account without card gets an empty one
            } else {
                ctx.replyError(StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE, "the directory is unavailable"));
            }
        });
    }
}
