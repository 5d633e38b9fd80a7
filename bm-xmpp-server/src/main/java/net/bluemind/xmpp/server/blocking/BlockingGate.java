package net.bluemind.xmpp.server.blocking;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.bluemind.xmpp.server.blocking.BlockingService.Verdict;
import net.bluemind.xmpp.server.hooks.Bounces;
import net.bluemind.xmpp.server.hooks.StanzaGate;
import net.bluemind.xmpp.server.hooks.StanzaHooks;
import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.Receipt;
import net.bluemind.xmpp.server.session.SessionKey;
import net.bluemind.xmpp.server.stream.StreamErrorException;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.StanzaError;

/**
 * Enforces block lists on everything a client sends (XEP-0191 §3.3): to an entity the sender blocks, a
 * {@code not-acceptable} error with {@code <blocked/>}; from an entity the addressee blocks, nothing is
 * delivered (nor stored offline), and a request gets the {@code service-unavailable} a missing account
 * would get, so the user looks offline to the blocked entity.
 *
 * <p>When a list is not in memory yet, the sender's stanzas wait, in order, until it is; they are then
 * routed on the sender's own thread, as if they had just arrived.
 */
public final class BlockingGate implements StanzaGate {

    public static final String ERRORS_NS = "urn:xmpp:blocking:errors";
    /** Stanzas one session may have waiting for a list; past it the backend is too slow to wait for. */
    private static final int MAX_WAITING = 10_000;
    private static final SessionKey<ArrayDeque<Waiting>> WAITING = new SessionKey<>("blocking.waiting");
    private static final Logger log = LoggerFactory.getLogger(BlockingGate.class);

    /** A stanza waiting for a verdict, with its receipt held: the client's stanza is not handled before it is routed. */
    private record Waiting(Element stanza, CompletableFuture<Verdict> verdict, Runnable next, Receipt receipt) {
    }

    private final BlockingService blocking;

    public BlockingGate(BlockingService blocking) {
        this.blocking = blocking;
    }

    /** Every stanza passes the block lists; a user's list leaves memory with the user's last session. */
    public void attach(StanzaHooks hooks) {
        hooks.addGate("blocking", this);
        hooks.userOffline.add(0, "blocking", user -> {
            blocking.userOffline(user);
            return false;
        });
    }

    @Override
    public boolean separates(EntityFullJid from, Jid to) {
        return blocking.separates(from, to);
    }

    @Override
    public void pass(ClientSession sender, Element stanza, Jid to, Runnable next) {
        CompletableFuture<Verdict> verdict = blocking.verdict(sender.fullJid(), to);
        ArrayDeque<Waiting> waiting = sender.get(WAITING);
        if (waiting == null && verdict.isDone()) {
            apply(sender, stanza, verdict, next);
            return;
        }
        if (waiting == null) {
            waiting = new ArrayDeque<>();
            sender.put(WAITING, waiting);
        } else if (waiting.size() >= MAX_WAITING) {
            refuse(sender, stanza, new StanzaError(StanzaError.Condition.RESOURCE_CONSTRAINT, StanzaError.Type.WAIT,
                    "too many stanzas waiting for the server; try again later"));
            return;
        }
        waiting.add(new Waiting(stanza, verdict, next, sender.receipt().hold()));
        if (waiting.size() == 1) {
            resumeWhenDecided(sender, waiting);
        }
    }

    private static void releaseAll(ArrayDeque<Waiting> waiting) {
        for (Waiting w : waiting) {
            w.receipt().release();
        }
        waiting.clear();
    }

    /** XEP-0191 for federation: the local addressee's list decides; the remote sender's list is its server's business. */
    @Override
    public void passFromRemote(Jid from, Jid to, Runnable next, Runnable refused) {
        EntityBareJid addressee = to.asEntityBareJidIfPossible();
        if (addressee == null) {
            next.run();
            return;
        }
        blocking.list(addressee.toString()).whenComplete((list, error) -> {
            if (error != null) {
                log.warn("the block list of {} could not be read; a stanza from {} is refused", addressee, from);
                refused.run();
            } else if (list.blocks(from)) {
                refused.run();
            } else {
                next.run();
            }
        });
    }

    private void resumeWhenDecided(ClientSession sender, ArrayDeque<Waiting> waiting) {
        waiting.peek().verdict().whenComplete((v, error) -> sender.execute(() -> drain(sender, waiting)));
    }

    /** On the sender's thread: routes the waiting stanzas in order, as far as their verdicts are known. */
    private void drain(ClientSession sender, ArrayDeque<Waiting> waiting) {
        while (!waiting.isEmpty()) {
            Waiting w = waiting.peek();
            if (!w.verdict().isDone()) {
                resumeWhenDecided(sender, waiting);
                return;
            }
            waiting.poll();
            // Routed now as if it had just arrived: what it causes holds its receipt.
            sender.routing(w.receipt());
            try {
                apply(sender, w.stanza(), w.verdict(), w.next());
            } catch (StreamErrorException e) {
                sender.closeWithError(e.condition(), e.text());
                releaseAll(waiting);
            } catch (RuntimeException e) {
                log.error("routing a stanza from {} failed", sender, e);
            } finally {
                sender.routing(null);
                w.receipt().release();
            }
        }
        sender.put(WAITING, null);
    }

    private static void apply(ClientSession sender, Element stanza, CompletableFuture<Verdict> verdict, Runnable next) {
        if (verdict.isCompletedExceptionally()) {
            log.warn("block lists for a stanza from {} could not be read", sender);
            refuse(sender, stanza, new StanzaError(StanzaError.Condition.INTERNAL_SERVER_ERROR, StanzaError.Type.WAIT,
                    "the server cannot route this now; try again later"));
            return;
        }
        switch (verdict.join()) {
            case PASS -> next.run();
            case SENDER_BLOCKS -> {
                if (!isAnswer(stanza)) {
                    sender.deliver(blockedError(stanza).withAttribute("to", sender.fullJidString()));
                }
            }
            case ADDRESSEE_BLOCKS -> {
                // XEP-0191: the user appears offline. Requests and messages get service-unavailable (Router.bounce
                // never answers an error with an error); presence goes nowhere, without a word.
                if (isRequest(stanza) || "message".equals(stanza.name())) {
                    Bounces.bounce(sender, stanza, StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE));
                }
            }
        }
    }

    /** Errors go back for messages and requests; presence, iq answers and errors are dropped. */
    private static void refuse(ClientSession sender, Element stanza, StanzaError error) {
        if ("message".equals(stanza.name()) || isRequest(stanza)) {
            Bounces.bounce(sender, stanza, error);
        }
    }

    private static boolean isRequest(Element stanza) {
        String type = stanza.attribute("type");
        return "iq".equals(stanza.name()) && ("get".equals(type) || "set".equals(type));
    }

    private static boolean isAnswer(Element stanza) {
        String type = stanza.attribute("type");
        return "error".equals(type) || "iq".equals(stanza.name()) && "result".equals(type);
    }

    /** The not-acceptable error of XEP-0191 §3.3, with its application condition {@code <blocked/>}. */
    static Element blockedError(Element stanza) {
        Element reply = new StanzaError(StanzaError.Condition.NOT_ACCEPTABLE, StanzaError.Type.CANCEL, null).replyTo(stanza);
        Element.Builder b = Element.builder(reply.name(), reply.namespace());
        for (int i = 0; i < reply.attributeCount(); i++) {
            b.attribute(reply.attributeName(i), reply.attributeValue(i));
        }
        for (Element child : reply.childElements()) {
            b.child(child.is("error", reply.namespace())
                    ? child.toBuilder().child(Element.empty("blocked", ERRORS_NS)).build()
                    : child);
        }
        return b.build();
    }
}
