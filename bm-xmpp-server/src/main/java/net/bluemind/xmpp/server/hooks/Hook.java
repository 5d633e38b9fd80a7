package net.bluemind.xmpp.server.hooks;

import java.util.Arrays;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named point of the stanza path (Prosody's {@code module:hook}): handlers run in the order of their
 * priority, highest first, each seeing the event as the ones before left it (they may rewrite its stanza),
 * until one of them answers that it took care of the event.
 *
 * <p>Handlers are added while the server is composed and rarely after; {@link #fire} reads one array and
 * allocates nothing. A handler that throws is logged and skipped: one broken feature does not stop the
 * stanza for the others.
 *
 * @param <E> what the handlers see
 */
public final class Hook<E> {

    private static final Logger log = LoggerFactory.getLogger(Hook.class);

    /** One feature's part in a hook. */
    @FunctionalInterface
    public interface Handler<E> {
        /** @return true when the event was taken care of: the handlers after this one do not see it */
        boolean handle(E event);
    }

    private record Entry<E>(int priority, String owner, Handler<E> handler) {
    }

    private final String name;
    @SuppressWarnings("unchecked")
    private volatile Entry<E>[] entries = new Entry[0];

    public Hook(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /**
     * @param priority higher runs first; equal priorities run in the order they were added
     * @param owner    the feature adding it, for logs and {@link #toString()}
     */
    public synchronized void add(int priority, String owner, Handler<E> handler) {
        Entry<E>[] current = entries;
        Entry<E>[] next = Arrays.copyOf(current, current.length + 1);
        int at = current.length;
        while (at > 0 && next[at - 1].priority() < priority) {
            next[at] = next[at - 1];
            at--;
        }
        next[at] = new Entry<>(priority, owner, handler);
        entries = next;
    }

    /** Runs the handlers; true when one of them took care of the event. */
    public boolean fire(E event) {
        for (Entry<E> e : entries) {
            try {
                if (e.handler().handle(event)) {
                    return true;
                }
            } catch (RuntimeException failure) {
                log.error("{}: the handler of {} failed", name, e.owner(), failure);
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return entries.length == 0;
    }

    /** The hook and its handlers in the order they run: "message/delivered [carbons(100), archive(0)]". */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append(" [");
        Entry<E>[] current = entries;
        for (int i = 0; i < current.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(current[i].owner()).append('(').append(current[i].priority()).append(')');
        }
        return sb.append(']').toString();
    }
}
