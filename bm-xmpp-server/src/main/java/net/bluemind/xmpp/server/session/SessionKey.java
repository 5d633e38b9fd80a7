package net.bluemind.xmpp.server.session;

/**
 * A typed slot in a {@link ClientSession} for a feature's own per-session state (carbons enabled,
 * block list requested, entity caps...), so features keep their state without the session knowing them.
 * Keys are compared by identity: a feature declares its key once, as a constant.
 */
public final class SessionKey<T> {

    private final String name;

    public SessionKey(String name) {
        this.name = name;
    }

    @Override
    public String toString() {
        return name;
    }
}
