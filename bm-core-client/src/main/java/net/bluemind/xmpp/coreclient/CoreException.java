package net.bluemind.xmpp.coreclient;

/** Any failure of a bm-core call; the subclass says what the caller can do about it. */
public abstract sealed class CoreException extends RuntimeException
        permits CoreNotFoundException, CorePermissionException, CoreUnavailableException, CoreProtocolException {

    protected CoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
