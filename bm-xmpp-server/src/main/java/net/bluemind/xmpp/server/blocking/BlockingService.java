package net.bluemind.xmpp.server.blocking;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

import net.bluemind.xmpp.server.session.SessionManager;
import net.bluemind.xmpp.server.session.UserSerializer;
import net.bluemind.xmpp.spi.BlockListStore;
import net.bluemind.xmpp.spi.VHostRepository;

/**
 * Block lists (XEP-0191): stored through the {@link BlockListStore} one change at a time per user
 * (the {@link UserSerializer} shared with rosters and offline messages), kept in memory while the user
 * has a session, and consulted wherever a stanza goes from one user to another.
 *
 * <p>A user's list is loaded before the first stanza of any of its sessions is routed (the
 * {@link BlockingGate} waits for it), so the list of every user who has sent anything is in memory:
 * presence broadcasts and probes, which only reach users who sent their presence, check it without
 * waiting.
 */
public final class BlockingService {

    /** What the router does with a stanza from one user to another. */
    public enum Verdict {
        /** Neither side blocks the other. */
        PASS,
        /** The sender blocks the addressee: the sender gets a not-acceptable error. */
        SENDER_BLOCKS,
        /** The addressee blocks the sender: the stanza is not delivered, as if the user were offline. */
        ADDRESSEE_BLOCKS
    }

    /** A stored change: the list before and after, and the items the command named (all of them for unblock-all). */
    public record Change(BlockList before, BlockList after, Set<String> items) {
    }

    private static final CompletableFuture<Verdict> PASSED = CompletableFuture.completedFuture(Verdict.PASS);
    private static final CompletableFuture<Verdict> SENDER_BLOCKED = CompletableFuture.completedFuture(Verdict.SENDER_BLOCKS);
    private static final CompletableFuture<Verdict> ADDRESSEE_BLOCKED = CompletableFuture.completedFuture(Verdict.ADDRESSEE_BLOCKS);

    private final BlockListStore repository;
    private final SessionManager sessions;
    private final UserSerializer serializer;
    private final VHostRepository vhosts;
    private final ConcurrentHashMap<String, BlockList> cache = new ConcurrentHashMap<>();

    public BlockingService(BlockListStore repository, SessionManager sessions, UserSerializer serializer, VHostRepository vhosts) {
        this.repository = repository;
        this.sessions = sessions;
        this.serializer = serializer;
        this.vhosts = vhosts;
    }

    /** The user's list: from memory while the user is online, else read in the user's order. */
    public CompletableFuture<BlockList> list(String user) {
        BlockList cached = cache.get(user);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        return serializer.run(user, () -> current(user));
    }

    /** Inside a task of the user's serializer: the list as it stands. */
    private CompletionStage<BlockList> current(String user) {
        BlockList cached = cache.get(user);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        return repository.blockList(user).thenApply(items -> remember(user, BlockList.of(items)));
    }

    /** Keeps a list in memory only while its user is online. */
    private BlockList remember(String user, BlockList list) {
        EntityBareJid bare = bare(user);
        if (bare != null && sessions.sessions(bare).length > 0) {
            cache.put(user, list);
            if (sessions.sessions(bare).length == 0) {
                cache.remove(user); // the last session went while we were storing
            }
        }
        return list;
    }

    /** Blocks JIDs (canonical forms); stored, then in force. */
    public CompletableFuture<Change> block(String user, Set<String> jids) {
        return serializer.run(user, () -> current(user).thenCompose(before -> repository.block(user, jids)
                .thenApply(stored -> new Change(before, remember(user, before.with(jids)), jids))));
    }

    /** Unblocks JIDs, or every JID when {@code jids} is empty. */
    public CompletableFuture<Change> unblock(String user, Set<String> jids) {
        return serializer.run(user, () -> current(user).thenCompose(before -> repository.unblock(user, jids)
                .thenApply(stored -> jids.isEmpty()
                        ? new Change(before, remember(user, BlockList.EMPTY), before.items())
                        : new Change(before, remember(user, before.without(jids)), jids))));
    }

    /**
     * How a stanza from {@code from} to {@code to} is treated. Answered at once from memory when both
     * lists are there; else once they are loaded. The sender's own list is always loaded, even for a
     * stanza to its own account or to the server, which no list applies to.
     */
    public CompletableFuture<Verdict> verdict(EntityFullJid from, Jid to) {
        String user = from.asEntityBareJid().toString();
        EntityBareJid other = otherUser(from, to);
        // Another server's user has its block list there: only the sender's own list applies here.
        boolean noListHere = other == null || vhosts.canonical(other.getDomain().toString()) == null;
        BlockList own = cache.get(user);
        BlockList theirs = noListHere ? BlockList.EMPTY : cache.get(other.toString());
        if (own != null && theirs != null) {
            return done(decide(own, theirs, from, to, other));
        }
        CompletableFuture<BlockList> otherList = noListHere ? CompletableFuture.completedFuture(BlockList.EMPTY) : list(other.toString());
        return list(user).thenCombine(otherList, (o, t) -> decide(o, t, from, to, other));
    }

    private static Verdict decide(BlockList own, BlockList theirs, EntityFullJid from, Jid to, EntityBareJid other) {
        if (other == null) {
            return Verdict.PASS;
        }
        if (own.blocks(to)) {
            return Verdict.SENDER_BLOCKS;
        }
        return theirs.blocks(from) ? Verdict.ADDRESSEE_BLOCKS : Verdict.PASS;
    }

    /** A completed verdict without allocating: this is the path of nearly every stanza. */
    private static CompletableFuture<Verdict> done(Verdict v) {
        return switch (v) {
            case PASS -> PASSED;
            case SENDER_BLOCKS -> SENDER_BLOCKED;
            case ADDRESSEE_BLOCKS -> ADDRESSEE_BLOCKED;
        };
    }

    /** Another user's account the stanza is for, or null (no addressee, the sender's own account, a server). */
    private static EntityBareJid otherUser(EntityFullJid from, Jid to) {
        if (to == null) {
            return null;
        }
        EntityBareJid bare = to.asEntityBareJidIfPossible();
        return bare == null || bare.equals(from.asEntityBareJid()) ? null : bare;
    }

    /**
     * Whether a stanza the server sends on a user's behalf (a presence broadcast, a probe answer) must
     * not go from {@code from} to {@code to}: either side blocks the other. Answers from memory only.
     */
    public boolean separates(EntityFullJid from, Jid to) {
        EntityBareJid other = otherUser(from, to);
        if (other == null) {
            return false;
        }
        BlockList own = cache.get(from.asEntityBareJid().toString());
        if (own != null && own.blocks(to)) {
            return true;
        }
        BlockList theirs = cache.get(other.toString());
        return theirs != null && theirs.blocks(from);
    }

    /** The user's last session went away: its list leaves memory. */
    public void userOffline(EntityBareJid user) {
        cache.remove(user.toString());
    }

    /**
     * The canonical form of a JID a client names in a block command (domain aliases of this server
     * mapped to their domain, so an alias and its domain block alike), or null when it is not a JID.
     */
    public String canonical(String jid) {
        if (jid == null || jid.isEmpty()) {
            return null;
        }
        try {
            Jid j = JidCreate.from(jid);
            String domain = vhosts.canonical(j.getDomain().toString());
            if (domain == null || domain.equals(j.getDomain().toString())) {
                return j.toString();
            }
            StringBuilder sb = new StringBuilder();
            if (j.hasLocalpart()) {
                sb.append(j.getLocalpartOrNull()).append('@');
            }
            sb.append(domain);
            if (j.hasResource()) {
                sb.append('/').append(j.getResourceOrNull());
            }
            return JidCreate.from(sb.toString()).toString();
        } catch (XmppStringprepException | IllegalArgumentException e) {
            return null;
        }
    }

    private static EntityBareJid bare(String user) {
        try {
            return JidCreate.entityBareFrom(user);
        } catch (XmppStringprepException e) {
            return null;
        }
    }
}
