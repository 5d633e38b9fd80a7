package net.bluemind.xmpp.server.pep;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.jxmpp.jid.EntityBareJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.bluemind.xmpp.server.caps.CapsListener;
import net.bluemind.xmpp.server.dataforms.DataForm;
import net.bluemind.xmpp.server.disco.DiscoContributor;
import net.bluemind.xmpp.server.limits.StoredValueLimits;
import net.bluemind.xmpp.server.roster.RosterService;
import net.bluemind.xmpp.server.session.SessionManager;
import net.bluemind.xmpp.server.session.UserSerializer;
import net.bluemind.xmpp.spi.PepStore;
import net.bluemind.xmpp.spi.Route;
import net.bluemind.xmpp.spi.StanzaContext;
import net.bluemind.xmpp.spi.StanzaProcessor;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.StanzaError;

/**
 * XEP-0163 personal eventing: every account is a pubsub service at its bare JID. Its owner publishes,
 * retracts, creates, configures and deletes nodes; others may retrieve what the node's access model
 * lets them see. This class reads the requests and answers them; {@link PepService} does the work.
 */
public final class PepProcessor implements StanzaProcessor {

    private static final Logger log = LoggerFactory.getLogger(PepProcessor.class);

    private final PepService service;
    private final PepNotifier notifier;
    private final PepDisco disco;

    /**
     * @param serializer orders each account's PEP steps; not the roster's, since those steps read rosters
     *                   (a roster read queued behind the step waiting for it would never run)
     */
    public PepProcessor(PepStore repository, RosterService rosters, SessionManager sessions, UserSerializer serializer) {
        PepAccess access = new PepAccess(rosters);
        this.notifier = new PepNotifier(sessions, rosters, repository, access);
        this.service = new PepService(repository, serializer, access, notifier);
        this.disco = new PepDisco(service);
    }

    /** Sends last published items to resources that start announcing interest (wire it to entity caps). */
    public CapsListener capsListener() {
        return notifier;
    }

    /** The pubsub/pep identity of accounts, their nodes and the nodes' items in service discovery. */
    public DiscoContributor disco() {
        return disco;
    }

    @Override
    public String id() {
        return "pep";
    }

    @Override
    public List<Route> routes() {
        return List.of(
                Route.iq("pubsub", Pubsub.NS, Route.Target.SELF, Route.Target.ACCOUNT),
                Route.iq("pubsub", Pubsub.OWNER, Route.Target.SELF, Route.Target.ACCOUNT));
    }

    @Override
    public Set<String> discoFeatures(Route.Target target) {
        return target == Route.Target.SERVER ? Set.of() : Pubsub.discoFeatures();
    }

    @Override
    public void process(StanzaContext ctx) {
        CompletionStage<Element> answer;
        try {
            answer = dispatch(ctx);
        } catch (PubsubException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((result, failure) -> {
            if (failure == null) {
                ctx.replyResult(result);
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof PubsubException p) {
                ctx.reply(p.error().replyTo(ctx.stanza()));
            } else {
                log.warn("PEP request of {} failed: {}", ctx.from(), cause.toString());
                ctx.replyError(new StanzaError(StanzaError.Condition.INTERNAL_SERVER_ERROR, StanzaError.Type.WAIT, null));
            }
        });
    }

    private CompletionStage<Element> dispatch(StanzaContext ctx) {
        Element pubsub = ctx.stanza().firstChildElement();
        boolean get = "get".equals(ctx.stanza().attribute("type"));
        EntityBareJid owner = ctx.to().asEntityBareJidIfPossible();
        boolean byOwner = ctx.target() == Route.Target.SELF;
        if (owner == null) {
            throw PubsubError.of(StanzaError.Condition.SERVICE_UNAVAILABLE).exception();
        }
        Element op = operation(pubsub);
        if (pubsub.namespace().equals(Pubsub.OWNER)) {
            requireOwner(byOwner);
            return ownerRequest(owner, op, get);
        }
        if (op.name().equals("items")) {
            require(get);
            return service.items(owner, ctx.from().asBareJid().toString(), node(op), maxItems(op), itemIds(op));
        }
        if (isUnsupported(op.name())) {
            throw PubsubError.unsupported(unsupportedFeature(op.name())).exception();
        }
        requireOwner(byOwner);
        require(!get);
        return switch (op.name()) {
            case "publish" -> publish(ctx, owner, op, pubsub);
            case "retract" -> service.retract(owner, node(op), retractedId(op));
            case "create" -> {
                String node = createdNode(op);
                checkStorable(owner, node, null);
                yield service.create(owner, node, NodeOptions.of(DataForm.findIn(pubsub.firstChild("configure", Pubsub.NS))));
            }
            default -> throw PubsubError.of(StanzaError.Condition.BAD_REQUEST).exception();
        };
    }

    private CompletionStage<Element> ownerRequest(EntityBareJid owner, Element op, boolean get) {
        switch (op.name()) {
            case "configure" -> {
                if (get) {
                    return service.configuration(owner, node(op));
                }
                DataForm form = DataForm.findIn(op);
                if (form == null || "cancel".equals(form.type())) {
                    return CompletableFuture.completedFuture(null);
                }
                return service.configure(owner, node(op), NodeOptions.of(form));
            }
            case "delete" -> {
                require(!get);
                return service.delete(owner, node(op));
            }
            case "default" -> {
                require(get);
                return CompletableFuture.completedFuture(PepService.defaultConfiguration());
            }
            case "purge" -> throw PubsubError.unsupported("purge-nodes").exception();
            case "subscriptions" -> throw PubsubError.unsupported("manage-subscriptions").exception();
            case "affiliations" -> throw PubsubError.unsupported("modify-affiliations").exception();
            default -> throw PubsubError.of(StanzaError.Condition.BAD_REQUEST).exception();
        }
    }

    private CompletionStage<Element> publish(StanzaContext ctx, EntityBareJid owner, Element publish, Element pubsub) {
        String node = node(publish);
        List<Element> items = children(publish, "item");
        if (items.isEmpty()) {
            throw PubsubError.of(StanzaError.Condition.BAD_REQUEST, "item-required").exception();
        }
        if (items.size() > 1) {
            throw PubsubError.text(StanzaError.Condition.BAD_REQUEST, "invalid-payload", "publish one item at a time").exception();
        }
        Element item = items.get(0);
        List<Element> payloads = item.childElements();
        if (payloads.isEmpty()) {
            throw PubsubError.of(StanzaError.Condition.BAD_REQUEST, "payload-required").exception();
        }
        if (payloads.size() > 1) {
            throw PubsubError.of(StanzaError.Condition.BAD_REQUEST, "invalid-payload").exception();
        }
        DataForm options = DataForm.findIn(pubsub.firstChild("publish-options", Pubsub.NS));
        if (options != null && options.formType() != null && !Pubsub.PUBLISH_OPTIONS.equals(options.formType())) {
            throw PubsubError.text(StanzaError.Condition.BAD_REQUEST, null, "publish-options must be a " + Pubsub.PUBLISH_OPTIONS + " form").exception();
        }
        checkStorable(owner, node, item.attribute("id"));
        return service.publish(owner, ctx.from().toString(), node, item.attribute("id"), payloads.get(0), NodeOptions.of(options));
    }

    /** A node or item id the storage cannot key is refused before anything is stored (XEP-0060 has no length limit of its own). */
    private static void checkStorable(EntityBareJid owner, String node, String itemId) {
        StanzaError error = null;
        if (!StoredValueLimits.fitsIdentifier(node)) {
            error = StoredValueLimits.tooLong("the node", StoredValueLimits.IDENTIFIER_BYTES);
        } else if (!StoredValueLimits.fitsIdentifier(itemId)) {
            error = StoredValueLimits.tooLong("the item id", StoredValueLimits.IDENTIFIER_BYTES);
        } else if (!StoredValueLimits.fitsKey(owner.toString(), node, itemId)) {
            error = StoredValueLimits.keyTooLong("the node and item id");
        }
        if (error != null) {
            throw PubsubError.text(error.condition(), null, error.text()).exception();
        }
    }

    /** The element naming the operation: the first child but the options that may accompany it. */
    private static Element operation(Element pubsub) {
        for (Element e : pubsub.childElements()) {
            if (!(e.name().equals("publish-options") || e.name().equals("configure") && pubsub.namespace().equals(Pubsub.NS))) {
                return e;
            }
        }
        throw PubsubError.of(StanzaError.Condition.BAD_REQUEST).exception();
    }

    private static boolean isUnsupported(String op) {
        return List.of("subscribe", "unsubscribe", "subscriptions", "affiliations", "options").contains(op);
    }

    private static String unsupportedFeature(String op) {
        return switch (op) {
            case "subscriptions" -> "retrieve-subscriptions";
            case "affiliations" -> "retrieve-affiliations";
            case "options" -> "subscription-options";
            default -> "subscribe";
        };
    }

    private static void requireOwner(boolean byOwner) {
        if (!byOwner) {
            throw PubsubError.of(StanzaError.Condition.FORBIDDEN).exception();
        }
    }

    private static void require(boolean rightType) {
        if (!rightType) {
            throw PubsubError.text(StanzaError.Condition.BAD_REQUEST, null, "wrong iq type for this request").exception();
        }
    }

    private static String node(Element op) {
        String node = op.attribute("node");
        if (node == null || node.isEmpty()) {
            throw PubsubError.of(StanzaError.Condition.BAD_REQUEST, "nodeid-required").exception();
        }
        return node;
    }

    /** Instant nodes (no node name) are not supported (XEP-0060 §8.1.2). */
    private static String createdNode(Element create) {
        String node = create.attribute("node");
        if (node == null || node.isEmpty()) {
            throw PubsubError.of(StanzaError.Condition.NOT_ACCEPTABLE, "nodeid-required").exception();
        }
        return node;
    }

    private static int maxItems(Element items) {
        String max = items.attribute("max_items");
        if (max == null) {
            return 0;
        }
        try {
            int n = Integer.parseInt(max.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw PubsubError.text(StanzaError.Condition.BAD_REQUEST, null, "max_items must be a positive number").exception();
    }

    private static List<String> itemIds(Element items) {
        List<String> ids = new ArrayList<>();
        for (Element i : children(items, "item")) {
            if (i.attribute("id") != null) {
                ids.add(i.attribute("id"));
            }
        }
        return ids;
    }

    private static String retractedId(Element retract) {
        List<Element> items = children(retract, "item");
        String id = items.size() == 1 ? items.get(0).attribute("id") : null;
        if (id == null || id.isEmpty()) {
            throw PubsubError.of(StanzaError.Condition.BAD_REQUEST, "item-required").exception();
        }
        return id;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Element e : parent.childElements()) {
            if (e.is(name, Pubsub.NS)) {
                out.add(e);
            }
        }
        return out;
    }
}
