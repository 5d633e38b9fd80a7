package net.bluemind.xmpp.coreclient;

/** bm-core could not answer: connection refused, timeout, or a 5xx. Worth retrying later. */
public final class CoreUnavailableException extends CoreException {
    public CoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
