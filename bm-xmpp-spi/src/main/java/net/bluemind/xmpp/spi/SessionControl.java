package net.bluemind.xmpp.spi;

/** What a plugin may do to live sessions: end those of an account (it was deleted, or lost its rights). */
public interface SessionControl {

    /**
     * Ends every session of the account with a stream error.
     *
     * @param condition a stream error condition of RFC 6120 §4.9.3, e.g. "not-authorized"
     * @return how many sessions were ended
     */
    int endSessions(String bareJid, String condition, String text);
}
