package net.bluemind.xmpp.server.archive;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.bluemind.xmpp.server.roster.RosterService;
import net.bluemind.xmpp.spi.ArchivedMessage;
import net.bluemind.xmpp.spi.PrivateXmlStore;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.XmlParser;

/**
 * XEP-0313 archiving preferences (§6): a default ({@code always}, {@code never}, {@code roster}) and JIDs
 * always or never archived; {@code never} wins over {@code always} for a JID in both. Kept with the
 * user's private data (element {@code prefs} in the MAM namespace, which private XML storage refuses to
 * clients) and cached in memory once read.
 *
 * <p>As a policy ({@link #asPolicy}) it runs on the archive writer thread, which may wait for a
 * preference or a roster to be read.
 */
public final class MamPrefs {

    public static final String ELEMENT = "prefs";
    private static final Logger log = LoggerFactory.getLogger(MamPrefs.class);
    private static final long READ_TIMEOUT_SECONDS = 10;

    /** One user's preferences. */
    public record Prefs(String defaultPolicy, Set<String> always, Set<String> never) {
        public Prefs {
            always = Set.copyOf(always);
            never = Set.copyOf(never);
        }

        public Element toElement() {
            Element.Builder b = Element.builder(ELEMENT, MamProcessor.NS).attribute("default", defaultPolicy);
            b.child(jids("always", always));
            b.child(jids("never", never));
            return b.build();
        }

        private static Element jids(String name, Set<String> jids) {
            Element.Builder b = Element.builder(name, MamProcessor.NS);
            for (String j : jids) {
                b.textChild("jid", MamProcessor.NS, j);
            }
            return b.build();
        }

        /** Reads a {@code <prefs/>} element; IllegalArgumentException when it is not valid. */
        public static Prefs parse(Element prefs) {
            String def = prefs.attribute("default");
            if (def == null || !List.of("always", "never", "roster").contains(def)) {
                throw new IllegalArgumentException("'default' must be always, never or roster");
            }
            return new Prefs(def, jidsIn(prefs.firstChild("always", MamProcessor.NS)), jidsIn(prefs.firstChild("never", MamProcessor.NS)));
        }

        private static Set<String> jidsIn(Element list) {
            Set<String> out = new LinkedHashSet<>();
            if (list != null) {
                for (Element j : list.childElements()) {
                    if (j.is("jid", MamProcessor.NS) && !j.text().isBlank()) {
                        out.add(j.text().trim());
                    }
                }
            }
            return out;
        }
    }

    private final PrivateXmlStore userData;
    private final RosterService rosters;
    private final Prefs defaults;
    private final Map<String, Prefs> cache = new ConcurrentHashMap<>();

    public MamPrefs(PrivateXmlStore userData, RosterService rosters, String defaultPolicy) {
        this.userData = userData;
        this.rosters = rosters;
        this.defaults = new Prefs(defaultPolicy, Set.of(), Set.of());
    }

    public CompletionStage<Prefs> get(String user) {
        Prefs cached = cache.get(user);
        if (cached != null) {
            return java.util.concurrent.CompletableFuture.completedFuture(cached);
        }
        return userData.privateXml(user, ELEMENT, MamProcessor.NS).thenApply(xml -> {
            Prefs p = read(user, xml);
            cache.putIfAbsent(user, p);
            return p;
        });
    }

    private Prefs read(String user, Optional<String> xml) {
        if (xml.isEmpty()) {
            return defaults;
        }
        try {
            return Prefs.parse(XmlParser.parse(xml.get(), MamProcessor.NS));
        } catch (RuntimeException e) {
            log.warn("archiving preferences of {} are unreadable ({}): the server default applies", user, e.getMessage());
            return defaults;
        }
    }

    /** Stores new preferences; they apply once the stage completes. */
    public CompletionStage<Prefs> set(String user, Prefs prefs) {
        return userData.putPrivateXml(user, ELEMENT, MamProcessor.NS, prefs.toElement().toString()).thenApply(v -> {
            cache.put(user, prefs);
            return prefs;
        });
    }

    /** The message with only the owners whose preferences archive it, or null. Blocking: the writer thread's. */
    public UnaryOperator<ArchivedMessage> asPolicy() {
        return m -> {
            List<String> kept = m.owners().stream().filter(owner -> archives(owner, m.with(owner))).toList();
            if (kept.isEmpty()) {
                return null;
            }
            return kept.size() == m.owners().size() ? m : m.withOwners(kept);
        };
    }

    private boolean archives(String owner, String with) {
        Prefs p;
        try {
            p = get(owner).toCompletableFuture().get(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("archiving preferences of {} could not be read ({}): the server default applies", owner, e.toString());
            p = defaults;
        }
        if (p.never().contains(with)) {
            return false;
        }
        if (p.always().contains(with)) {
            return true;
        }
        return switch (p.defaultPolicy()) {
            case "never" -> false;
            case "roster" -> inRoster(owner, with);
            default -> true;
        };
    }

    private boolean inRoster(String owner, String with) {
        try {
            return RosterService.find(rosters.roster(owner).toCompletableFuture().get(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS), with) != null;
        } catch (Exception e) {
            log.warn("roster of {} could not be read for its archiving preferences ({}): archiving", owner, e.toString());
            return true;
        }
    }
}
