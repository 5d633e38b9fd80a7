package net.bluemind.xmpp.server.privatexml;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.bluemind.xmpp.server.limits.StoredValueLimits;
import net.bluemind.xmpp.server.session.UserSerializer;
import net.bluemind.xmpp.spi.PrivateXmlStore;
import net.bluemind.xmpp.spi.Route;
import net.bluemind.xmpp.spi.StanzaContext;
import net.bluemind.xmpp.spi.StanzaProcessor;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.StanzaError;
import net.bluemind.xmpp.xml.XmlParser;

/**
 * XEP-0049 private XML storage: an account keeps elements on the server, one per (name, namespace),
 * which only its own resources can read or replace. Reads and writes of one account run in order
 * with its other stored changes, so a get after a set sees the set.
 */
public final class PrivateXmlProcessor implements StanzaProcessor {

    public static final String NS = "jabber:iq:private";
    private static final Logger log = LoggerFactory.getLogger(PrivateXmlProcessor.class);

    private final PrivateXmlStore repository;
    private final UserSerializer serializer;

    public PrivateXmlProcessor(PrivateXmlStore repository, UserSerializer serializer) {
        this.repository = repository;
        this.serializer = serializer;
    }

    @Override
    public String id() {
        return "private";
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.iq("query", NS, Route.Target.SELF, Route.Target.ACCOUNT));
    }

    @Override
    public Set<String> discoFeatures(Route.Target target) {
        return target == Route.Target.SELF ? Set.of(NS) : Set.of();
    }

    @Override
    public void process(StanzaContext ctx) {
        if (ctx.target() != Route.Target.SELF) {
            ctx.replyError(StanzaError.of(StanzaError.Condition.FORBIDDEN, "private data belongs to its account only"));
            return;
        }
        List<Element> fragments = ctx.stanza().firstChildElement().childElements();
        if (fragments.isEmpty()) {
            // XEP-0049: an empty get is "Bad Format", an empty set "Not Acceptable".
            boolean get = "get".equals(ctx.stanza().attribute("type"));
            ctx.replyError(StanzaError.of(get ? StanzaError.Condition.BAD_REQUEST : StanzaError.Condition.NOT_ACCEPTABLE,
                    "name the element to " + (get ? "retrieve" : "store")));
            return;
        }
        for (Element f : fragments) {
            if (reserved(f.namespace())) {
                ctx.replyError(StanzaError.of(StanzaError.Condition.NOT_ACCEPTABLE, "'" + f.namespace() + "' is a reserved namespace"));
                return;
            }
        }
        String user = ctx.from().asBareJid().toString();
        StanzaError tooLong = "set".equals(ctx.stanza().attribute("type")) ? tooLongToStore(user, fragments) : null;
        if (tooLong != null) {
            ctx.replyError(tooLong);
            return;
        }
        if ("get".equals(ctx.stanza().attribute("type"))) {
            get(ctx, user, fragments);
        } else {
            set(ctx, user, fragments);
        }
    }

    /** XEP-0049 §2.3: jabber:*, http://jabber.org/* and vcard-temp belong to the protocol, not to storage. */
    static boolean reserved(String namespace) {
        // urn:xmpp:mam: holds the archiving preferences, which only the MAM protocol may change
        return namespace.startsWith("jabber:") || namespace.startsWith("http://jabber.org/") || namespace.equals("vcard-temp")
                || namespace.startsWith("urn:xmpp:mam:");
    }

    /** The error for an element whose name and namespace the storage cannot key, or null. */
    private static StanzaError tooLongToStore(String user, List<Element> fragments) {
        for (Element f : fragments) {
            if (!StoredValueLimits.fitsIdentifier(f.name())) {
                return StoredValueLimits.tooLong("an element name", StoredValueLimits.IDENTIFIER_BYTES);
            }
            if (!StoredValueLimits.fitsIdentifier(f.namespace())) {
                return StoredValueLimits.tooLong("a namespace", StoredValueLimits.IDENTIFIER_BYTES);
            }
            if (!StoredValueLimits.fitsKey(user, f.name(), f.namespace())) {
                return StoredValueLimits.keyTooLong("an element's name and namespace");
            }
        }
        return null;
    }

    private void get(StanzaContext ctx, String user, List<Element> fragments) {
        if (fragments.size() != 1) {
            ctx.replyError(StanzaError.of(StanzaError.Condition.BAD_REQUEST, "ask for one element at a time"));
            return;
        }
        Element wanted = fragments.get(0);
        serializer.run(user, () -> repository.privateXml(user, wanted.name(), wanted.namespace())).whenComplete((stored, e) -> {
            if (e != null) {
                ctx.replyError(StanzaError.of(StanzaError.Condition.INTERNAL_SERVER_ERROR));
                return;
            }
            Element found = stored.map(xml -> parse(user, xml, wanted)).orElse(Element.empty(wanted.name(), wanted.namespace()));
            ctx.replyResult(Element.builder("query", NS).child(found).build());
        });
    }

    private void set(StanzaContext ctx, String user, List<Element> fragments) {
        serializer.run(user, () -> {
            CompletionStage<Void> writes = CompletableFuture.completedFuture(null);
            for (Element f : fragments) {
                writes = writes.thenCompose(v -> repository.putPrivateXml(user, f.name(), f.namespace(), f.toString()));
            }
            return writes;
        }).whenComplete((v, e) -> {
            if (e != null) {
                ctx.replyError(new StanzaError(StanzaError.Condition.INTERNAL_SERVER_ERROR, StanzaError.Type.WAIT, "not stored; try again later"));
            } else {
                ctx.replyResult(null);
            }
        });
    }

    private static Element parse(String user, String xml, Element wanted) {
        try {
            return XmlParser.parse(xml, wanted.namespace());
        } catch (IllegalArgumentException e) {
            log.warn("stored private XML {} of {} is unreadable: {}", wanted.namespace(), user, e.getMessage());
            return Element.empty(wanted.name(), wanted.namespace());
        }
    }
}
