package net.bluemind.xmpp.bench;

/**
 * Why a connection never got online.
 *
 * @param step        the handshake step that failed ("connect", "tls", "stream", "starttls", "sasl", "bind",
 *                    "session")
 * @param reason      short human explanation, stable enough to group failures by
 * @param serverReply what the server sent that caused the failure (XML), or null when nothing relevant was received
 * @param rejected    true when the server actively refused (SASL failure, stream error, iq error), as opposed to
 *                    network trouble or timeouts
 */
record LoginFailure(String step, String reason, String serverReply, boolean rejected) {

    /** Grouping key: step plus reason, without the server's (possibly unique) text. */
    String kind() {
        return step + ": " + reason;
    }

    String describe() {
        String s = "login failed at step '" + step + "': " + reason;
        return serverReply == null ? s : s + "\n  server sent: " + abbreviate(serverReply, 600);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
