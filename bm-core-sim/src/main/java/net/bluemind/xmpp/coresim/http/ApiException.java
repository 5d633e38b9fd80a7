package net.bluemind.xmpp.coresim.http;

/** An error answered with BlueMind's error body {@code {errorCode, errorType, message}}. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String errorCode;

    public ApiException(int status, String errorCode, String message) {
        super(message, null, false, false);
        this.status = status;
        this.errorCode = errorCode;
    }

    public static ApiException permissionDenied(String message) {
        return new ApiException(403, "PERMISSION_DENIED", message);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "INVALID_PARAMETER", message);
    }

    public int status() { return status; }
    public String errorCode() { return errorCode; }
}
