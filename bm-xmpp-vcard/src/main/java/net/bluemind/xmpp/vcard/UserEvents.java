package net.bluemind.xmpp.vcard;

import java.util.List;
import java.util.function.Consumer;

import net.bluemind.xmpp.coreclient.BmMq;

/**
 * Follows {@code bm.user.notifications} ({@code user.updated}, {@code user.deleted}) on bm-mq and reports the user
 * uid. A broker that is down at start is retried by the connection; meanwhile cached cards refresh on their TTL.
 */
final class UserEvents {

    private UserEvents() {
    }

    /** Subscribes on {@code mq}; closing what is returned ends the subscription. Missed events: the cards' TTL bounds them. */
    static AutoCloseable follow(BmMq mq, Consumer<String> changedUser) {
        return mq.subscribe("bm-xmpp.vcard", List.of(new BmMq.Topic(BmMq.USER_EXCHANGE, "user.updated"),
                new BmMq.Topic(BmMq.USER_EXCHANGE, "user.deleted")), (routingKey, body) -> {
                    if (body.hasNonNull("uid")) {
                        changedUser.accept(body.get("uid").asText());
                    }
                });
    }
}
