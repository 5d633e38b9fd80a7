package net.bluemind.xmpp.server.blocking;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

import net.bluemind.xmpp.server.limits.StoredValueLimits;
import net.bluemind.xmpp.server.roster.RosterService;
import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.SessionKey;
import net.bluemind.xmpp.server.session.SessionManager;
import net.bluemind.xmpp.spi.RosterStore.RosterItem;
import net.bluemind.xmpp.spi.Route;
import net.bluemind.xmpp.spi.StanzaContext;
import net.bluemind.xmpp.spi.StanzaProcessor;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;
import net.bluemind.xmpp.xml.StanzaError;

/**
 * XEP-0191 blocking command: the block list, block, unblock and unblock-all, each change stored before
 * it is acknowledged, then pushed to the user's resources that asked for the list. Contacts who may see
 * the user's presence are told the user went unavailable when blocked, and get it back when unblocked.
 */
public final class BlockingProcessor implements StanzaProcessor {

    public static final String NS = "urn:xmpp:blocking";
    /** Set on a resource that asked for the list: only such resources get pushes (XEP-0191 §3.3). */
    static final SessionKey<Boolean> LIST_REQUESTED = new SessionKey<>("blocking.list-requested");

    private final BlockingService blocking;
    private final RosterService rosters;
    private final SessionManager sessions;
    private final AtomicLong pushIds = new AtomicLong();

    public BlockingProcessor(BlockingService blocking, RosterService rosters, SessionManager sessions) {
        this.blocking = blocking;
        this.rosters = rosters;
        this.sessions = sessions;
    }

    @Override
    public String id() {
        return "blocking";
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.iq("blocklist", NS, Route.Target.SELF),
                Route.iq("block", NS, Route.Target.SELF),
                Route.iq("unblock", NS, Route.Target.SELF));
    }

    @Override
    public Set<String> discoFeatures(Route.Target target) {
        return Set.of(NS);
    }

    @Override
    public void process(StanzaContext ctx) {
        Element command = ctx.stanza().firstChildElement();
        boolean get = "get".equals(ctx.stanza().attribute("type"));
        if (get != command.name().equals("blocklist")) {
            ctx.replyError(StanzaError.of(StanzaError.Condition.BAD_REQUEST,
                    get ? "only the block list can be read" : "the block list is changed with block and unblock"));
            return;
        }
        String user = ctx.from().asEntityBareJid().toString();
        switch (command.name()) {
            case "blocklist" -> sendList(ctx, user);
            case "block" -> block(ctx, user, command);
            default -> unblock(ctx, user, command);
        }
    }

    private void sendList(StanzaContext ctx, String user) {
        ClientSession s = sessions.find(ctx.from());
        if (s != null) {
            s.put(LIST_REQUESTED, Boolean.TRUE);
        }
        blocking.list(user).whenComplete((list, error) -> {
            if (error != null) {
                ctx.replyError(StanzaError.of(StanzaError.Condition.INTERNAL_SERVER_ERROR, "the block list could not be read"));
            } else {
                ctx.replyResult(itemsElement("blocklist", list.items()));
            }
        });
    }

    private void block(StanzaContext ctx, String user, Element command) {
        Set<String> jids = new LinkedHashSet<>();
        StanzaError invalid = items(command, jids);
        if (invalid == null && jids.isEmpty()) {
            invalid = StanzaError.of(StanzaError.Condition.BAD_REQUEST, "block at least one JID");
        }
        if (invalid == null && jids.stream().anyMatch(jid -> !StoredValueLimits.fitsKey(user, jid))) {
            invalid = StoredValueLimits.keyTooLong("a blocked JID");
        }
        if (invalid != null) {
            ctx.replyError(invalid);
            return;
        }
        blocking.block(user, jids).whenComplete((change, error) -> {
            if (error == null) {
                push(ctx.from().asEntityBareJid(), itemsElement("block", change.items()));
                tellContacts(ctx.from().asEntityBareJid(), BlockList.of(change.items()), false);
            }
            answer(ctx, error);
        });
    }

    private void unblock(StanzaContext ctx, String user, Element command) {
        Set<String> jids = new LinkedHashSet<>();
        StanzaError invalid = items(command, jids);
        if (invalid != null) {
            ctx.replyError(invalid);
            return;
        }
        blocking.unblock(user, jids).whenComplete((change, error) -> {
            if (error == null) {
                // an unblock-all is pushed as it was asked: without items
                push(ctx.from().asEntityBareJid(), itemsElement("unblock", jids));
                tellContacts(ctx.from().asEntityBareJid(), BlockList.of(change.items()), true);
            }
            answer(ctx, error);
        });
    }

    /** Reads the items' JIDs in their canonical form; returns the error to answer, or null. */
    private StanzaError items(Element command, Set<String> out) {
        for (Element item : command.childElements()) {
            if (!item.is("item", NS)) {
                continue;
            }
            String jid = blocking.canonical(item.attribute("jid"));
            if (jid == null) {
                return StanzaError.of(StanzaError.Condition.JID_MALFORMED, "an item's 'jid' is not a JID");
            }
            out.add(jid);
        }
        return null;
    }

    /** The answer comes after the pushes, so the requesting client's own copy is current when it returns. */
    private static void answer(StanzaContext ctx, Throwable error) {
        if (error != null) {
            ctx.replyError(StanzaError.of(StanzaError.Condition.INTERNAL_SERVER_ERROR, "the block list could not be stored"));
        } else {
            ctx.replyResult(null);
        }
    }

    private void push(EntityBareJid user, Element command) {
        for (ClientSession s : sessions.sessions(user)) {
            if (Boolean.TRUE.equals(s.get(LIST_REQUESTED))) {
                s.deliver(Element.builder("iq", Namespaces.CLIENT)
                        .attribute("type", "set")
                        .attribute("id", "block-push" + pushIds.incrementAndGet())
                        .attribute("to", s.fullJidString())
                        .child(command)
                        .build());
            }
        }
    }

    /**
     * XEP-0191 §3.3 and §3.4: contacts allowed to see the user's presence (a from or both subscription)
     * and matched by the changed items get unavailable presence from each of the user's available
     * resources on a block, and their current presence on an unblock.
     */
    private void tellContacts(EntityBareJid user, BlockList changed, boolean unblocked) {
        if (changed.isEmpty()) {
            return;
        }
        rosters.roster(user.toString()).thenAccept(roster -> {
            for (RosterItem item : roster.items()) {
                EntityBareJid contact = item.subscription().hasFrom() ? bare(item.contact()) : null;
                if (contact == null) {
                    continue;
                }
                for (ClientSession c : sessions.sessions(contact)) {
                    if (c.isAvailable() && changed.blocks(c.fullJid())) {
                        sendPresences(user, c, unblocked);
                    }
                }
            }
        });
    }

    private void sendPresences(EntityBareJid user, ClientSession contact, boolean current) {
        for (ClientSession s : sessions.sessions(user)) {
            Element presence = s.presence();
            if (presence == null) {
                continue;
            }
            if (!current) {
                presence = Element.builder("presence", Namespaces.CLIENT)
                        .attribute("from", s.fullJidString()).attribute("type", "unavailable").build();
            } else if (blocking.separates(s.fullJid(), contact.fullJid())) {
                continue; // still blocked by another item, or blocking the user
            }
            contact.deliver(presence.withAttribute("to", contact.fullJidString()));
        }
    }

    private static Element itemsElement(String name, Set<String> jids) {
        Element.Builder b = Element.builder(name, NS);
        for (String jid : jids) {
            b.child(Element.builder("item", NS).attribute("jid", jid).build());
        }
        return b.build();
    }

    private static EntityBareJid bare(String jid) {
        try {
            return JidCreate.entityBareFrom(jid);
        } catch (XmppStringprepException e) {
            return null;
        }
    }
}
