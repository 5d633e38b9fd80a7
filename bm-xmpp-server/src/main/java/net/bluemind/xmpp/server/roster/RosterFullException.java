package net.bluemind.xmpp.server.roster;

/**
 * A change would have added an item to a roster that holds {@link #limit()} items already
 * ({@code limits.max-roster-items}); nothing was stored. Expected under abuse: no stack trace.
 */
public final class RosterFullException extends RuntimeException {

    private final int limit;

    RosterFullException(String user, int limit) {
        super("the roster of " + user + " is full (" + limit + " items)", null, false, false);
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }

    /** The cause when {@code error} (maybe wrapped by a completion stage) is a full roster, else null. */
    public static RosterFullException in(Throwable error) {
        Throwable t = error;
        while (t != null && !(t instanceof RosterFullException)) {
            t = t.getCause() == t ? null : t.getCause();
        }
        return (RosterFullException) t;
    }
}
