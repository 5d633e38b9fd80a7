package net.bluemind.xmpp.auth;

import java.util.Locale;

/**
 * A login as a client typed it: a bare local part (on the stream's domain) or a whole address, whose
 * domain may be any alias of a BlueMind domain.
 *
 * @param explicitDomain whether the client wrote the domain itself
 */
record LoginName(String local, String domain, boolean explicitDomain) {

    static LoginName parse(String username, String streamDomain) {
        String u = username.strip().toLowerCase(Locale.ROOT);
        int at = u.lastIndexOf('@');
        if (at < 0) {
            return new LoginName(u, streamDomain == null ? null : streamDomain.toLowerCase(Locale.ROOT), false);
        }
        return new LoginName(u.substring(0, at), u.substring(at + 1), true);
    }

    @Override
    public String toString() {
        return local + '@' + domain;
    }
}
