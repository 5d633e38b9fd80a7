package net.bluemind.xmpp.coresim.directory;

/** The directory has no such domain, server or user: answered as BlueMind's 404 {@code NOT_FOUND}. */
public final class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message, null, false, false);
    }
}
