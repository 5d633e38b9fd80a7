package net.bluemind.xmpp.bench;

/** A command line that cannot be run; the message names the offending option and is shown to the user as is. */
final class BadOptionException extends Exception {

    private static final long serialVersionUID = 1L;

    BadOptionException(String message) {
        super(message);
    }
}
