package net.bluemind.xmpp.server.caps;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.bluemind.xmpp.server.presence.PresenceHandler;
import net.bluemind.xmpp.server.router.IqRequests;
import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;

/**
 * XEP-0115 entity capabilities of local resources: the {@code <c/>} of each available presence is
 * turned into the resource's features, from a cache keyed by the verification string or, for a string
 * never seen, by asking the resource (disco#info to {@code node#ver}, from the server's domain).
 * Answers whose hash checks out (§5.4) are cached for everyone; others serve only the resource that
 * gave them. Listeners hear when a resource's features change.
 */
public final class EntityCapsService implements PresenceHandler.Listener {

    private static final Logger log = LoggerFactory.getLogger(EntityCapsService.class);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_CACHED = 10_000;

    /** The features of an answer, and whether its hash matched the announced ver. */
    private record Resolution(Set<String> features, boolean verified) {
    }

    private final IqRequests requests;
    private final List<CapsListener> listeners;
    private final ConcurrentHashMap<String, Set<String>> verified = new ConcurrentHashMap<>();
    /** One question per unknown ver at a time; resources announcing it meanwhile wait for the answer. */
    private final ConcurrentHashMap<String, CompletableFuture<Resolution>> inFlight = new ConcurrentHashMap<>();

    public EntityCapsService(IqRequests requests, List<CapsListener> listeners) {
        this.requests = requests;
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void available(ClientSession session, Element presence) {
        Caps announced = Caps.of(presence);
        AtomicReference<SessionCaps> ref = session.get(SessionCaps.KEY);
        if (ref == null) {
            ref = new AtomicReference<>();
            session.put(SessionCaps.KEY, ref);
        }
        SessionCaps current = ref.get();
        if (current != null && Objects.equals(current.announced(), announced)) {
            return; // a presence change with the same capabilities
        }
        Set<String> before = current == null ? Set.of() : current.features();
        Set<String> known = announced == null ? Set.of() : cached(announced);
        if (known != null) {
            apply(session, ref, current, new SessionCaps(announced, known, true));
            return;
        }
        SessionCaps pending = new SessionCaps(announced, before, false);
        if (!ref.compareAndSet(current, pending)) {
            return; // a newer presence of the same resource got there first
        }
        resolve(session, announced).whenComplete((features, e) -> {
            if (e != null) {
                log.debug("caps {} of {} not resolved: {}", announced.ver(), session.fullJid(), e.toString());
            }
            Set<String> resolved = e == null ? features : Set.of();
            apply(session, session.get(SessionCaps.KEY), pending, new SessionCaps(announced, resolved, true));
        });
    }

    @Override
    public void unavailable(ClientSession session) {
        session.put(SessionCaps.KEY, null);
    }

    /** Features cached for a verified ver (for tests and metrics), or null. */
    public Set<String> cached(Caps caps) {
        return caps.hashed() ? verified.get(caps.cacheKey()) : null;
    }

    private void apply(ClientSession session, AtomicReference<SessionCaps> ref, SessionCaps expected, SessionCaps next) {
        if (ref == null || !ref.compareAndSet(expected, next)) {
            return; // the resource went away or announced something else since
        }
        Set<String> before = expected == null ? Set.of() : expected.features();
        if (!before.equals(next.features())) {
            for (CapsListener l : listeners) {
                l.featuresChanged(session, before, next.features());
            }
        }
    }

    /** The features for an announcement no cache knows. */
    private CompletableFuture<Set<String>> resolve(ClientSession session, Caps caps) {
        if (!caps.hashed()) {
            return ask(session, caps).thenApply(Resolution::features);
        }
        CompletableFuture<Resolution> mine = new CompletableFuture<>();
        CompletableFuture<Resolution> shared = inFlight.putIfAbsent(caps.cacheKey(), mine);
        if (shared != null) {
            // Another resource is being asked; trust its answer only if it was verified.
            return shared.handle((r, e) -> e == null && r.verified() ? r : null)
                    .thenCompose(r -> r != null ? CompletableFuture.completedFuture(r.features())
                            : ask(session, caps).thenApply(Resolution::features));
        }
        ask(session, caps).whenComplete((r, e) -> {
            inFlight.remove(caps.cacheKey(), mine);
            if (e != null) {
                mine.completeExceptionally(e);
                return;
            }
            if (r.verified()) {
                remember(caps, r.features());
            } else {
                log.debug("caps of {} do not match their hash {}: used for that resource only", session.fullJid(), caps.ver());
            }
            mine.complete(r);
        });
        return mine.thenApply(Resolution::features);
    }

    private CompletableFuture<Resolution> ask(ClientSession session, Caps caps) {
        Element iq = Element.builder("iq", Namespaces.CLIENT)
                .attribute("type", "get")
                .attribute("from", session.bareJid().getDomain().toString())
                .child(Element.builder("query", VerificationString.DISCO_INFO).attribute("node", caps.discoNode()).build())
                .build();
        return requests.send(session, iq, QUERY_TIMEOUT).thenApply(answer -> {
            Element query = "result".equals(answer.attribute("type")) ? answer.firstChild("query", VerificationString.DISCO_INFO) : null;
            if (query == null) {
                return new Resolution(Set.of(), false);
            }
            boolean ok = caps.hashed() && caps.ver().equals(VerificationString.compute(query, caps.hash()));
            return new Resolution(features(query), ok);
        });
    }

    private void remember(Caps caps, Set<String> features) {
        if (verified.size() < MAX_CACHED) {
            verified.put(caps.cacheKey(), features);
        }
    }

    private static Set<String> features(Element query) {
        Set<String> out = new HashSet<>();
        for (Element f : query.childElements()) {
            if (f.is("feature", VerificationString.DISCO_INFO) && f.attribute("var") != null) {
                out.add(f.attribute("var"));
            }
        }
        return Set.copyOf(out);
    }
}
