package net.bluemind.xmpp.spi;

/** A query the archive cannot answer as asked; becomes a stanza error for the client. */
public final class ArchiveQueryException extends RuntimeException {

    public enum Reason {
        /** An id ({@code after-id}, {@code before-id}, RSM after/before) is not in the owner's archive. */
        ITEM_NOT_FOUND,
        /** A filter is not supported by this archive (e.g. full-text on a backend without it). */
        NOT_SUPPORTED
    }

    private final Reason reason;

    public ArchiveQueryException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
