package net.bluemind.xmpp.coresim.mq;

import java.util.LinkedHashMap;
import java.util.Map;

/** One bm-mq message: the topic (a RabbitMQ topic exchange), the operation (routing key) and the flat body. */
public record BmEvent(String exchange, String operation, Map<String, String> body) {
    public static final String SYSTEM = "bm.system.notifications";
    public static final String USER = "bm.user.notifications";

    public static BmEvent domain(String operation, String domain) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("operation", operation);
        body.put("domain", domain);
        return new BmEvent(SYSTEM, operation, body);
    }

    public static BmEvent user(String operation, String domainUid, String uid) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("operation", operation);
        body.put("domain", domainUid);
        body.put("uid", uid);
        return new BmEvent(USER, operation, body);
    }
}
