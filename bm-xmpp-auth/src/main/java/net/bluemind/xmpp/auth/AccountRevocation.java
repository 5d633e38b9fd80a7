package net.bluemind.xmpp.auth;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import net.bluemind.xmpp.coreclient.BmMq;
import net.bluemind.xmpp.coreclient.CoreClient;
import net.bluemind.xmpp.coreclient.CoreNotFoundException;
import net.bluemind.xmpp.coreclient.model.Domain;
import net.bluemind.xmpp.coreclient.model.ItemValue;
import net.bluemind.xmpp.coreclient.model.User;
import net.bluemind.xmpp.spi.SessionControl;

/**
 * Follows {@code user.*} on bm-mq ({@code bm.user.notifications}). On each event, re-reads the account's rights
 * from bm-core and ends its sessions
 * ({@code not-authorized}) when it was deleted, archived, or may no longer use IM (no {@code hasIM} and
 * no {@code im_public_auth} on its domain).
 *
 * <p>The event names the user by uid; the JID is the default email. It is read with {@code byLogin/<uid>}
 * (BlueMind's uid is often the login) and remembered. A deleted user can no longer be looked up: its
 * sessions are ended under the remembered address, and under {@code <uid>@<domain name>}. Limitation: a
 * user never seen before, whose uid differs from the login, deleted, keeps their sessions until they end.
 *
 * <p>The checks run one at a time on a thread of their own (they wait on bm-core), in the order of the events.
 */
final class AccountRevocation implements BmMq.Subscriber, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AccountRevocation.class);
    private static final int REMEMBERED = 10_000;

    private final CoreClient core;
    private final SessionControl sessions;
    private final long callLimitMillis;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bm-xmpp-auth-revocation");
        t.setDaemon(true);
        return t;
    });
    /** uid@domainUid → default email; touched only on the worker thread. */
    private final Map<String, String> emails = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** @param callLimit how long one bm-core call may take before the check gives up (the next login check will do) */
    AccountRevocation(CoreClient core, SessionControl sessions, Duration callLimit) {
        this.core = core;
        this.sessions = sessions;
        this.callLimitMillis = callLimit.toMillis();
    }

    /** Subscribes on {@code mq}; closing what is returned ends the subscription. */
    AutoCloseable follow(BmMq mq) {
        return mq.subscribe("bm-xmpp.auth", List.of(new BmMq.Topic(BmMq.USER_EXCHANGE, "user.*")), this);
    }

    // connected(): events missed while disconnected are not made up; such an account is refused at its next login.

    /** On the AMQP client's thread: hands over to the worker. */
    @Override
    public void event(String operation, JsonNode body) {
        String domain = body.path("domain").asText(null);
        String uid = body.path("uid").asText(null);
        if (domain == null || uid == null) {
            log.warn("bm-mq {} event without domain or uid: ignored", operation);
            return;
        }
        worker.execute(() -> check(operation, domain, uid));
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }

    void check(String operation, String domainUid, String uid) {
        try {
            Optional<ItemValue<User>> user = lookup(domainUid, uid);
            String reason = revocationReason(domainUid, uid, user);
            if (reason != null) {
                end(domainUid, uid, reason);
            }
        } catch (RuntimeException e) {
            log.warn("cannot check the rights of user {} of {} after {} ({}): the next login check will", uid, domainUid,
                    operation, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Optional<ItemValue<User>> lookup(String domainUid, String uid) throws InterruptedException {
        try {
            ItemValue<User> u = await(core.userByLogin(domainUid, uid));
            u.value().defaultEmail().ifPresent(e -> emails.put(uid + "@" + domainUid, lower(e)));
            return Optional.of(u);
        } catch (CoreNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Why the account may no longer use IM, or null. */
    private String revocationReason(String domainUid, String uid, Optional<ItemValue<User>> user) throws InterruptedException {
        if (user.isPresent() && user.get().value().archived()) {
            return "account archived";
        }
        Set<String> roles;
        try {
            roles = await(core.rolesResolved(domainUid, uid));
        } catch (CoreNotFoundException e) {
            return "account deleted";
        }
        if (roles.contains(BlueMindAuthRepository.IM_ROLE)) {
            return null;
        }
        Map<String, String> settings = await(core.domainSettings(domainUid));
        return "true".equals(settings.get("im_public_auth")) ? null : "instant messaging no longer allowed";
    }

    private void end(String domainUid, String uid, String reason) throws InterruptedException {
        Set<String> jids = new LinkedHashSet<>();
        String known = emails.get(uid + "@" + domainUid);
        if (known != null) {
            jids.add(known);
        }
        domainName(domainUid).ifPresent(name -> jids.add(lower(uid + "@" + name)));
        int ended = 0;
        for (String jid : jids) {
            ended += sessions.endSessions(jid, "not-authorized", reason);
        }
        if (ended > 0) {
            log.info("ended {} session(s) of {}: {}", ended, jids, reason);
        }
    }

    private Optional<String> domainName(String domainUid) throws InterruptedException {
        for (ItemValue<Domain> d : await(core.domains())) {
            if (domainUid.equals(d.uid()) && d.value() != null) {
                return Optional.ofNullable(d.value().name());
            }
        }
        return Optional.empty();
    }

    private <T> T await(CompletableFuture<T> call) throws InterruptedException {
        return CoreClient.await(call, callLimitMillis);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
