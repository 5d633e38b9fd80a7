package net.bluemind.xmpp.server.blocking;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

import org.jxmpp.jid.Jid;

/**
 * One user's blocked JIDs (XEP-0191), each in its canonical string form, with the matching rules of
 * XEP-0191 §4 (those of XEP-0016): a full JID blocks that resource only, a bare JID every resource of
 * the account, {@code domain/resource} that address only, and a domain itself, everything at it and at
 * its subdomains. Immutable.
 */
public final class BlockList {

    public static final BlockList EMPTY = new BlockList(Set.of());

    private final Set<String> items;

    private BlockList(Set<String> items) {
        this.items = items;
    }

    public static BlockList of(Collection<String> items) {
        return items.isEmpty() ? EMPTY : new BlockList(Collections.unmodifiableSet(new LinkedHashSet<>(items)));
    }

    public Set<String> items() {
        return items;
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    public BlockList with(Collection<String> added) {
        Set<String> s = new LinkedHashSet<>(items);
        s.addAll(added);
        return of(s);
    }

    public BlockList without(Collection<String> removed) {
        Set<String> s = new LinkedHashSet<>(items);
        s.removeAll(removed);
        return of(s);
    }

    /** Whether stanzas from or to {@code jid} are blocked by this list. */
    public boolean blocks(Jid jid) {
        if (items.isEmpty() || jid == null) {
            return false;
        }
        if (items.contains(jid.toString())) {
            return true; // the full JID, the bare JID or domain/resource as given, the domain
        }
        if (jid.hasLocalpart() && items.contains(jid.asBareJid().toString())) {
            return true;
        }
        String domain = jid.getDomain().toString();
        for (String d = domain; ; ) {
            if (items.contains(d)) {
                return true;
            }
            int dot = d.indexOf('.');
            if (dot < 0) {
                return false;
            }
            d = d.substring(dot + 1);
        }
    }
}
