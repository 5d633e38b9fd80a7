package net.bluemind.xmpp.server.router;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.xml.Element;

/**
 * The server's own iq requests to local clients (disco#info for entity caps, pings) and their answers.
 * Each request gets an unguessable id; an answer counts only when it comes from the resource the
 * request went to. Requests wait a bounded time, and only so many may wait at once.
 */
public final class IqRequests {

    private static final int MAX_PENDING = 10_000;

    private record Pending(String responder, CompletableFuture<Element> answer) {
    }

    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /**
     * Sends {@code iq} (a get or set without id) to a client resource. The stage completes with the
     * answer (type result or error), or fails with a {@link java.util.concurrent.TimeoutException}
     * after {@code timeout}, or at once with a {@link RejectedExecutionException} when too many
     * requests wait.
     */
    public CompletableFuture<Element> send(ClientSession to, Element iq, Duration timeout) {
        if (pending.size() >= MAX_PENDING) {
            return CompletableFuture.failedFuture(new RejectedExecutionException("too many server iq requests waiting"));
        }
        String id = newId();
        CompletableFuture<Element> answer = new CompletableFuture<>();
        pending.put(id, new Pending(to.fullJidString(), answer));
        answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, e) -> pending.remove(id));
        to.deliver(iq.withAttribute("id", id).withAttribute("to", to.fullJidString()));
        return answer;
    }

    /**
     * An iq result or error a client addressed to the server or to an account; true when it answered
     * one of the server's requests.
     */
    public boolean answer(ClientSession from, Element iq) {
        String id = iq.attribute("id");
        Pending p = id == null ? null : pending.get(id);
        if (p == null || !p.responder().equals(from.fullJidString())) {
            return false;
        }
        pending.remove(id, p);
        return p.answer().complete(iq);
    }

    /** Requests waiting for an answer (metrics, tests). */
    public int waiting() {
        return pending.size();
    }

    private String newId() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return "srv-" + HexFormat.of().formatHex(b);
    }
}
