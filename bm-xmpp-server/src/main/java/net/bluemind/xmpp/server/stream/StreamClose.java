package net.bluemind.xmpp.server.stream;

/** The peer closed its stream ({@code </stream:stream>}). */
public final class StreamClose {
    public static final StreamClose INSTANCE = new StreamClose();

    private StreamClose() {
    }
}
