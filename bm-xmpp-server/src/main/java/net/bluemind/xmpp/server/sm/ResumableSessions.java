package net.bluemind.xmpp.server.sm;

import java.util.concurrent.ConcurrentHashMap;

import net.bluemind.xmpp.server.session.ClientSession;

/** Sessions that may be resumed, by their XEP-0198 id (random, so one cannot guess another's). */
public final class ResumableSessions {

    /** A resumable session and its stream-management state. */
    public record Entry(ClientSession session, StreamManagement sm) {
    }

    private final ConcurrentHashMap<String, Entry> byId = new ConcurrentHashMap<>();

    public void register(ClientSession session, StreamManagement sm) {
        byId.put(sm.id(), new Entry(session, sm));
    }

    public Entry find(String id) {
        return id == null ? null : byId.get(id);
    }

    public void remove(StreamManagement sm) {
        byId.remove(sm.id());
    }

    public int size() {
        return byId.size();
    }
}
