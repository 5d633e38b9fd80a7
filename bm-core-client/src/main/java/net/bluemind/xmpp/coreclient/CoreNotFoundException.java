package net.bluemind.xmpp.coreclient;

/** bm-core answered 404 ({@code NOT_FOUND}): no such domain, user or server. */
public final class CoreNotFoundException extends CoreException {
    public CoreNotFoundException(String message) {
        super(message, null);
    }
}
