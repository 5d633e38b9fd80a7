package net.bluemind.xmpp.coreclient.model;

import java.util.List;

/** A BlueMind server; the tag {@code bm/xmpp} says it may run bm-xmpp. */
public record Server(String ip, String fqdn, String name, List<String> tags) {
    public static final String XMPP_TAG = "bm/xmpp";

    public boolean hasTag(String tag) {
        return tags != null && tags.contains(tag);
    }
}
