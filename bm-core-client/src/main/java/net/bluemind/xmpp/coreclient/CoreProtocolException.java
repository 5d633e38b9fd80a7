package net.bluemind.xmpp.coreclient;

/** bm-core answered something this client cannot read: an unparsable body or an unexpected status. */
public final class CoreProtocolException extends CoreException {
    public CoreProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
