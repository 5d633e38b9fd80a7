package net.bluemind.xmpp.server.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * Who is online: bare JID → its bound resources. The one structure shared by every delivery, so
 * lookups take no lock: each user's resources are an immutable array replaced on bind/unbind.
 */
public final class SessionManager {

    private static final ClientSession[] NONE = new ClientSession[0];

    private final ConcurrentHashMap<EntityBareJid, ClientSession[]> users = new ConcurrentHashMap<>();
    private final AtomicInteger sessionCount = new AtomicInteger();

    /**
     * Binds a session. A session already bound to the same full JID is displaced and returned: the
     * newest connection wins, the caller closes the old one with a {@code conflict} stream error.
     */
    public ClientSession bind(ClientSession session) {
        ClientSession[] displaced = new ClientSession[1];
        users.compute(session.bareJid(), (k, current) -> {
            if (current == null) {
                return new ClientSession[] {session};
            }
            for (int i = 0; i < current.length; i++) {
                if (current[i].fullJid().equals(session.fullJid())) {
                    displaced[0] = current[i];
                    ClientSession[] copy = current.clone();
                    copy[i] = session;
                    return copy;
                }
            }
            ClientSession[] copy = Arrays.copyOf(current, current.length + 1);
            copy[current.length] = session;
            return copy;
        });
        if (displaced[0] == null) {
            sessionCount.incrementAndGet();
        }
        return displaced[0];
    }

    /** Removes a session if it is still the one bound to its full JID; true when it was. */
    public boolean unbind(ClientSession session) {
        boolean[] removed = new boolean[1];
        users.computeIfPresent(session.bareJid(), (k, current) -> {
            for (int i = 0; i < current.length; i++) {
                if (current[i] == session) {
                    removed[0] = true;
                    if (current.length == 1) {
                        return null;
                    }
                    ClientSession[] copy = new ClientSession[current.length - 1];
                    System.arraycopy(current, 0, copy, 0, i);
                    System.arraycopy(current, i + 1, copy, i, current.length - i - 1);
                    return copy;
                }
            }
            return current;
        });
        if (removed[0]) {
            sessionCount.decrementAndGet();
        }
        return removed[0];
    }

    /** The user's bound resources (possibly empty); the array must not be modified. */
    public ClientSession[] sessions(EntityBareJid bareJid) {
        ClientSession[] s = users.get(bareJid);
        return s == null ? NONE : s;
    }

    public ClientSession find(EntityFullJid fullJid) {
        ClientSession[] s = users.get(fullJid.asEntityBareJid());
        if (s != null) {
            for (ClientSession c : s) {
                if (c.fullJid().equals(fullJid)) {
                    return c;
                }
            }
        }
        return null;
    }

    public boolean isBound(EntityBareJid bareJid, Resourcepart resource) {
        ClientSession[] s = users.get(bareJid);
        if (s != null) {
            for (ClientSession c : s) {
                if (c.fullJid().getResourcepart().equals(resource)) {
                    return true;
                }
            }
        }
        return false;
    }

    public int sessionCount() {
        return sessionCount.get();
    }

    /** Every bound session, for shutdown and administration. */
    public List<ClientSession> all() {
        List<ClientSession> out = new ArrayList<>(sessionCount.get());
        for (ClientSession[] s : users.values()) {
            out.addAll(Arrays.asList(s));
        }
        return out;
    }
}
