package net.bluemind.xmpp.server.adhoc;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jxmpp.jid.EntityFullJid;

import net.bluemind.xmpp.xml.StanzaError;

/**
 * The command sessions in progress, in memory: a session is dropped when it completes, is canceled,
 * or has not been used for {@code lifetime}. Ended session ids are remembered (the latest
 * {@value #ENDED_REMEMBERED}), so a late request gets {@code session-expired} rather than
 * {@code bad-sessionid}.
 */
final class CommandSessions {

    static final int ENDED_REMEMBERED = 10_000;

    private final Clock clock;
    private final Duration lifetime;
    private final int maxPerRequester;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, CommandSession> open = new ConcurrentHashMap<>();
    private final Set<String> ended = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > ENDED_REMEMBERED;
        }
    });

    CommandSessions(Clock clock, Duration lifetime, int maxPerRequester) {
        this.clock = clock;
        this.lifetime = lifetime;
        this.maxPerRequester = maxPerRequester;
    }

    /** Opens a session; refused when the requester already has {@code maxPerRequester} open. */
    CommandSession open(EntityFullJid requester, AdHocCommand command) {
        Instant now = clock.instant();
        int mine = 0;
        for (CommandSession s : open.values()) {
            if (expired(s, now)) {
                end(s);
            } else if (s.requester().equals(requester)) {
                mine++;
            }
        }
        if (mine >= maxPerRequester) {
            throw CommandException.of(StanzaError.Condition.RESOURCE_CONSTRAINT,
                    "too many command sessions in progress: complete or cancel one");
        }
        CommandSession s = new CommandSession(newId(), requester, command, now);
        open.put(s.id(), s);
        return s;
    }

    /** The requester's session with that id for that node, or a bad-sessionid / session-expired error. */
    CommandSession find(String id, EntityFullJid requester, String node) {
        CommandSession s = open.get(id);
        if (s == null) {
            boolean wasEnded;
            synchronized (ended) {
                wasEnded = ended.contains(id);
            }
            throw wasEnded ? sessionExpired() : badSessionId();
        }
        // Another requester's session is not revealed: it is as unknown as a made-up id.
        if (!s.requester().equals(requester) || !s.command().node().equals(node)) {
            throw badSessionId();
        }
        Instant now = clock.instant();
        if (expired(s, now)) {
            end(s);
            throw sessionExpired();
        }
        s.touch(now);
        return s;
    }

    void end(CommandSession s) {
        if (open.remove(s.id(), s)) {
            synchronized (ended) {
                ended.add(s.id());
            }
        }
    }

    int openCount() {
        return open.size();
    }

    private boolean expired(CommandSession s, Instant now) {
        return s.lastUsed().plus(lifetime).isBefore(now);
    }

    private String newId() {
        byte[] b = new byte[15];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static CommandException badSessionId() {
        return CommandException.specific(StanzaError.Condition.BAD_REQUEST, "bad-sessionid", "no such command session");
    }

    private static CommandException sessionExpired() {
        return CommandException.specific(StanzaError.Condition.NOT_ALLOWED, "session-expired",
                "the command session has ended (completed, canceled or timed out)");
    }
}
