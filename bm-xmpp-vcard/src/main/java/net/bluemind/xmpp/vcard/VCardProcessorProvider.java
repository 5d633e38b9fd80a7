package net.bluemind.xmpp.vcard;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import net.bluemind.xmpp.coreclient.BmMq;
import net.bluemind.xmpp.coreclient.CoreClient;
import net.bluemind.xmpp.coreclient.CoreClientConfig;
import net.bluemind.xmpp.spi.PluginContext;
import net.bluemind.xmpp.spi.ProcessorProvider;
import net.bluemind.xmpp.spi.StanzaProcessor;

/**
 * {@code plugins.vcard}: vcard-temp, vCard4 and XEP-0084 avatars from the BlueMind address book, the XEP-0153
 * hash in presences. Without a {@code plugins.vcard} section the plugin stays off.
 */
public final class VCardProcessorProvider implements ProcessorProvider {

    @Override
    public String name() {
        return "vcard";
    }

    @Override
    public List<StanzaProcessor> create(PluginContext context) {
        Map<String, Object> settings = context.settings();
        if (settings.isEmpty()) {
            return List.of();
        }
        VCardSettings s = VCardSettings.from(settings);
        CoreClientConfig client = s.clientConfig();
        // One bm-core client for the plugins whose settings agree (the auth and domains plugins on a BlueMind host).
        CardCache cache = new CardCache(context.shared(client, CoreClient.class, () -> new CoreClient(client)),
                new PhotoScaler(s.photoMaxPixels()), s.cacheTtl(), s.cacheSize(), s.coreTimeout());
        context.addPresenceDecorator(new AvatarPresence(cache, context));
        if (s.amqpUri() != null) {
            BmMq mq = context.shared(new BmMq.Key(s.amqpUri()), BmMq.class,
                    () -> BmMq.start(s.amqpUri(), Duration.ofSeconds(2), "bm-xmpp vcard"));
            context.onClose(UserEvents.follow(mq, uid -> {
                List<String> jids = cache.jidsOf(uid);
                cache.dropUser(uid);
                jids.forEach(j -> cache.card(j).thenRun(() -> context.rebroadcastPresence(j)));
            }));
        }
        return List.of(VCardProcessor.vcardTemp(cache), VCardProcessor.vcard4(cache), new AvatarProcessor(cache));
    }
}
