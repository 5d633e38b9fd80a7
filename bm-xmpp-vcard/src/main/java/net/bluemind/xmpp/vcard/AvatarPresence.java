package net.bluemind.xmpp.vcard;

import net.bluemind.xmpp.spi.PluginContext;
import net.bluemind.xmpp.spi.PresenceDecorator;
import net.bluemind.xmpp.xml.Element;

/**
 * XEP-0153: the photo's SHA-1 in each available presence. From the cache only (the connection thread must
 * not wait): on a miss the presence goes out with an empty {@code <x/>} ("not ready") and, once bm-core
 * answered, the engine broadcasts it again with the hash.
 */
final class AvatarPresence implements PresenceDecorator {

    static final String UPDATE = "vcard-temp:x:update";

    private final CardCache cache;
    private final PluginContext context;

    AvatarPresence(CardCache cache, PluginContext context) {
        this.cache = cache;
        this.context = context;
    }

    @Override
    public Element decorate(String bareJid, Element presence) {
        Element clean = presence.withoutChildren(e -> e.is("x", UPDATE));
        UserCard card = cache.fresh(bareJid);
        if (card == null) {
            cache.card(bareJid).thenRun(() -> context.rebroadcastPresence(bareJid));
            return clean.withChild(Element.empty("x", UPDATE));
        }
        Element.Builder x = Element.builder("x", UPDATE);
        x.textChild("photo", UPDATE, card.avatar() == null ? "" : card.avatar().sha1());
        return clean.withChild(x.build());
    }
}
