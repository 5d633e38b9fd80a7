package net.bluemind.xmpp.server.roster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.SessionManager;
import net.bluemind.xmpp.server.session.UserSerializer;
import net.bluemind.xmpp.spi.RosterStore;
import net.bluemind.xmpp.spi.RosterStore.Roster;
import net.bluemind.xmpp.spi.RosterStore.RosterItem;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;

/**
 * Rosters: read through a cache kept for online users, changed one user at a time (the
 * {@link UserSerializer}), stored before anyone is told, then pushed to the user's resources that
 * asked for the roster (RFC 6121 §2.1.6).
 */
public final class RosterService {

    /** One change: the item before and after (null = absent), and the roster's version after. */
    public record Change(RosterItem before, RosterItem after, long version) {
        public boolean changed() {
            return before == null ? after != null : !before.equals(after);
        }
    }

    private final RosterStore repository;
    private final SessionManager sessions;
    private final UserSerializer serializer;
    private final int maxItems;
    private final ConcurrentHashMap<String, Roster> cache = new ConcurrentHashMap<>();
    private final AtomicLong pushIds = new AtomicLong();

    /** @param maxItems the most items one roster may hold ({@code limits.max-roster-items}) */
    public RosterService(RosterStore repository, SessionManager sessions, UserSerializer serializer, int maxItems) {
        this.repository = repository;
        this.sessions = sessions;
        this.serializer = serializer;
        this.maxItems = maxItems;
    }

    /** The user's roster; answered from memory while the user is online. */
    public CompletionStage<Roster> roster(String user) {
        Roster cached = cache.get(user);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        return serializer.run(user, () -> load(user));
    }

    private CompletionStage<Roster> load(String user) {
        Roster cached = cache.get(user);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        return repository.roster(user).thenApply(r -> {
            if (isOnline(user)) {
                cache.put(user, r);
            }
            return r;
        });
    }

    /** The item for a contact, or null. */
    public static RosterItem find(Roster roster, String contact) {
        for (RosterItem i : roster.items()) {
            if (i.contact().equals(contact)) {
                return i;
            }
        }
        return null;
    }

    /**
     * Changes one item, in order with the user's other changes: {@code change} gets the current item
     * (or null) and returns the new one (null removes it). Stored, then pushed. A new item for a roster
     * already at {@code limits.max-roster-items} is refused: the stage fails with {@link RosterFullException}.
     */
    public CompletableFuture<Change> update(String user, String contact, UnaryOperator<RosterItem> change) {
        return serializer.run(user, () -> load(user).thenCompose(roster -> {
            RosterItem before = find(roster, contact);
            RosterItem after = forgetEmpty(change.apply(before));
            if (before == null ? after == null : before.equals(after)) {
                return CompletableFuture.completedFuture(new Change(before, after, roster.version()));
            }
            if (before == null && roster.items().size() >= maxItems) {
                return CompletableFuture.failedFuture(new RosterFullException(user, maxItems));
            }
            CompletionStage<Long> write = after == null
                    ? repository.removeRosterItem(user, contact) : repository.putRosterItem(user, after);
            return write.thenApply(version -> {
                Roster updated = replace(roster, contact, after, version);
                cache.computeIfPresent(user, (k, old) -> updated);
                Change c = new Change(before, after, version);
                push(user, c);
                return c;
            });
        }));
    }

    /** An item nobody sees and that remembers nothing (no request, no pre-approval) is not kept. */
    private static RosterItem forgetEmpty(RosterItem item) {
        if (item != null && !RosterItems.visible(item) && !item.pendingIn() && !item.preApproved()) {
            return null;
        }
        return item;
    }

    private static Roster replace(Roster roster, String contact, RosterItem item, long version) {
        List<RosterItem> items = new ArrayList<>(roster.items().size() + 1);
        for (RosterItem i : roster.items()) {
            if (!i.contact().equals(contact)) {
                items.add(i);
            }
        }
        if (item != null) {
            items.add(item);
        }
        return new Roster(version, items);
    }

    private void push(String user, Change c) {
        Element item;
        if (RosterItems.visible(c.after())) {
            item = RosterItems.toElement(c.after());
        } else if (RosterItems.visible(c.before())) {
            item = RosterItems.removal(c.before() != null ? c.before().contact() : c.after().contact());
        } else {
            return;
        }
        EntityBareJid bare = bare(user);
        if (bare == null) {
            return;
        }
        for (ClientSession s : sessions.sessions(bare)) {
            if (s.rosterRequested()) {
                s.deliver(Element.builder("iq", Namespaces.CLIENT)
                        .attribute("type", "set")
                        .attribute("id", "push" + pushIds.incrementAndGet())
                        .attribute("to", s.fullJidString())
                        .child(Element.builder("query", RosterItems.NS).attribute("ver", Long.toString(c.version())).child(item).build())
                        .build());
            }
        }
    }

    /** The user's last resource went away: the cached roster is dropped. */
    public void userOffline(String user) {
        cache.remove(user);
    }

    private boolean isOnline(String user) {
        EntityBareJid bare = bare(user);
        return bare != null && sessions.sessions(bare).length > 0;
    }

    private static EntityBareJid bare(String user) {
        try {
            return JidCreate.entityBareFrom(user);
        } catch (XmppStringprepException e) {
            return null;
        }
    }
}
