package net.bluemind.xmpp.server.tls;

/**
 * TLS cannot be set up as configured. The message is meant for an administrator: it names the file
 * or setting at fault and what is wrong with it.
 */
public class TlsSetupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TlsSetupException(String message) {
        super(message);
    }

    public TlsSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
