package net.bluemind.xmpp.server.session;

import java.util.HashSet;
import java.util.Set;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;

import net.bluemind.xmpp.server.memory.HeldBytes;
import net.bluemind.xmpp.server.stream.StreamErrorCondition;
import net.bluemind.xmpp.xml.Element;

/**
 * A bound client resource: its full JID, its presence and how to reach it.
 *
 * <p>Presence fields are written only by the session's own stanza processing (one thread at a time,
 * in order) and read by senders on other threads, hence volatile and no lock.
 */
public final class ClientSession {

    private final EntityFullJid fullJid;
    private final String fullJidString;
    /** Where stanzas go: the connection, or a holding place while a dropped stream may be resumed. */
    private volatile StanzaSink sink;
    private final String connectionId;
    private final boolean admin;
    /** What this session holds in the server's queues (unread, unacknowledged), within its limit. */
    private final HeldBytes held;
    /** The stanza of this session being routed now; read and written only on the session's own thread. */
    private Receipt receipt = Receipt.NONE;

    private volatile boolean rosterRequested;
    /** Features' per-session state; few entries, rarely written, read from any thread. */
    private final java.util.concurrent.ConcurrentHashMap<SessionKey<?>, Object> attributes = new java.util.concurrent.ConcurrentHashMap<>(4);
    private volatile Element presence;
    private volatile int priority;
    private volatile boolean available;
    /** Entities this resource sent directed presence to, told of its unavailability when it leaves. */
    private Set<Jid> directedPresences;

    public ClientSession(EntityFullJid fullJid, StanzaSink sink, String connectionId, boolean admin) {
        this(fullJid, sink, connectionId, admin, HeldBytes.UNBOUNDED);
    }

    public ClientSession(EntityFullJid fullJid, StanzaSink sink, String connectionId, boolean admin, HeldBytes held) {
        this.fullJid = fullJid;
        this.fullJidString = fullJid.toString();
        this.sink = sink;
        this.connectionId = connectionId;
        this.admin = admin;
        this.held = held;
    }

    public EntityFullJid fullJid() {
        return fullJid;
    }

    public String fullJidString() {
        return fullJidString;
    }

    public EntityBareJid bareJid() {
        return fullJid.asEntityBareJid();
    }

    public String connectionId() {
        return connectionId;
    }

    public boolean isAdmin() {
        return admin;
    }

    public void deliver(Element stanza) {
        sink.deliver(stanza);
    }

    /** The bytes this session holds in queues. */
    public HeldBytes held() {
        return held;
    }

    /**
     * The receipt of the stanza this session is routing now, for a feature to {@link Receipt#hold() hold} when
     * it starts durable work for it. Only meaningful on the session's own thread, while its stanza is routed;
     * {@link Receipt#NONE} otherwise.
     */
    public Receipt receipt() {
        return receipt;
    }

    /** Sets the receipt of the stanza about to be routed (null: none); on the session's own thread. */
    public void routing(Receipt r) {
        this.receipt = r == null ? Receipt.NONE : r;
    }

    public void closeWithError(StreamErrorCondition condition, String text) {
        sink.closeWithError(condition, text);
    }

    /** Where stanzas go now. */
    public StanzaSink sink() {
        return sink;
    }

    /** Sends the session's stanzas elsewhere from now on (stream resumption, XEP-0198). */
    public void rebind(StanzaSink newSink) {
        this.sink = newSink;
    }

    /** Stops or resumes reading from this session's connection (back-pressure), from any thread. */
    public void pauseReading(boolean paused) {
        sink.pauseReading(paused);
    }

    /** Hands work back to the session's own thread (where its stanzas are processed), from any thread. */
    public void execute(Runnable task) {
        sink.execute(task);
    }

    /** Whether the resource asked for the roster: only such resources get roster pushes (RFC 6121 §2.1.6). */
    public boolean rosterRequested() {
        return rosterRequested;
    }

    public void setRosterRequested() {
        this.rosterRequested = true;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(SessionKey<T> key) {
        return (T) attributes.get(key);
    }

    /** Sets a feature's state; null removes it. */
    public <T> void put(SessionKey<T> key, T value) {
        if (value == null) {
            attributes.remove(key);
        } else {
            attributes.put(key, value);
        }
    }

    public boolean isAvailable() {
        return available;
    }

    public int priority() {
        return priority;
    }

    /** The last broadcast presence (stamped), or null when the resource is not available. */
    public Element presence() {
        return presence;
    }

    public void setAvailable(Element stampedPresence, int newPriority) {
        this.priority = newPriority;
        this.presence = stampedPresence;
        this.available = true;
    }

    public void setUnavailable() {
        this.available = false;
        this.presence = null;
    }

    public void addDirectedPresence(Jid to) {
        if (directedPresences == null) {
            directedPresences = new HashSet<>(4);
        }
        directedPresences.add(to);
    }

    public void removeDirectedPresence(Jid to) {
        if (directedPresences != null) {
            directedPresences.remove(to);
        }
    }

    public boolean hasDirectedPresences() {
        return directedPresences != null && !directedPresences.isEmpty();
    }

    /** Takes (and forgets) the directed-presence recipients. */
    public Set<Jid> drainDirectedPresences() {
        Set<Jid> out = directedPresences == null ? Set.of() : directedPresences;
        directedPresences = null;
        return out;
    }

    @Override
    public String toString() {
        return fullJidString + " [" + connectionId + "]";
    }
}
