package net.bluemind.xmpp.server.adhoc.admin;

import java.util.List;
import java.util.TreeSet;

import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.SessionManager;

/**
 * Who is online in a domain, as XEP-0133 means it: the accounts with at least one bound resource,
 * whether available or not.
 */
final class OnlineUsers {

    private OnlineUsers() {
    }

    /** The bare JIDs, sorted. */
    static List<String> of(SessionManager sessions, String domain) {
        TreeSet<String> users = new TreeSet<>();
        for (ClientSession s : sessions.all()) {
            if (s.bareJid().getDomain().toString().equals(domain)) {
                users.add(s.bareJid().toString());
            }
        }
        return List.copyOf(users);
    }
}
