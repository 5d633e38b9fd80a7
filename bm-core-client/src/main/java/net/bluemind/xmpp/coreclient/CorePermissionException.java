package net.bluemind.xmpp.coreclient;

/** bm-core answered 403 ({@code PERMISSION_DENIED}): the API key is unknown, expired or not allowed. */
public final class CorePermissionException extends CoreException {
    public CorePermissionException(String message) {
        super(message, null);
    }
}
