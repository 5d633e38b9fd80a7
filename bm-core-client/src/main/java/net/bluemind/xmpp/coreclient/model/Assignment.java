package net.bluemind.xmpp.coreclient.model;

/** A domain assigned to a server for one role ({@code tag}, e.g. {@code bm/xmpp}). */
public record Assignment(String serverUid, String domainUid, String tag) {
}
