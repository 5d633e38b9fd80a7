package net.bluemind.xmpp.server.roster;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.bluemind.xmpp.server.limits.StoredValueLimits;
import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.SessionManager;
import net.bluemind.xmpp.spi.RosterStore.RosterItem;
import net.bluemind.xmpp.spi.Route;
import net.bluemind.xmpp.spi.StanzaContext;
import net.bluemind.xmpp.spi.StanzaProcessor;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.StanzaError;

/** Roster management (RFC 6121 §2) with versioning (XEP-0237): get, set, remove. */
public final class RosterProcessor implements StanzaProcessor {

    private static final Logger log = LoggerFactory.getLogger(RosterProcessor.class);

    private final RosterService rosters;
    private final SessionManager sessions;
    private final RosterRemovals subscriptions;

    public RosterProcessor(RosterService rosters, SessionManager sessions, RosterRemovals subscriptions) {
        this.rosters = rosters;
        this.sessions = sessions;
        this.subscriptions = subscriptions;
    }

    @Override
    public String id() {
        return "roster";
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.iq("query", RosterItems.NS, Route.Target.SELF));
    }

    @Override
    public List<Element> streamFeatures() {
        return List.of(Element.empty("ver", "urn:xmpp:features:rosterver"),
                Element.empty("sub", "urn:xmpp:features:pre-approval"));
    }

    @Override
    public void process(StanzaContext ctx) {
        Element query = ctx.stanza().firstChildElement();
        if ("get".equals(ctx.stanza().attribute("type"))) {
            get(ctx, query);
        } else {
            set(ctx, query);
        }
    }

    private void get(StanzaContext ctx, Element query) {
        ClientSession s = sessions.find(ctx.from());
        if (s != null) {
            s.setRosterRequested();
        }
        String known = query.attribute("ver");
        rosters.roster(ctx.from().asBareJid().toString()).whenComplete((roster, error) -> {
            if (error != null) {
                ctx.replyError(StanzaError.of(StanzaError.Condition.INTERNAL_SERVER_ERROR, "the roster could not be read"));
                return;
            }
            String version = Long.toString(roster.version());
            if (version.equals(known)) {
                ctx.replyResult(null); // XEP-0237: the client's copy is current; changes come as pushes
                return;
            }
            Element.Builder b = Element.builder("query", RosterItems.NS).attribute("ver", version);
            for (RosterItem i : roster.items()) {
                if (RosterItems.visible(i)) {
                    b.child(RosterItems.toElement(i));
                }
            }
            ctx.replyResult(b.build());
        });
    }

    private void set(StanzaContext ctx, Element query) {
        List<Element> items = query.childElements();
        if (items.size() != 1 || !items.get(0).is("item", RosterItems.NS)) {
            ctx.replyError(StanzaError.of(StanzaError.Condition.BAD_REQUEST, "a roster set has exactly one item"));
            return;
        }
        Element item = items.get(0);
        EntityBareJid contact = contactOf(item.attribute("jid"));
        if (contact == null) {
            ctx.replyError(StanzaError.of(StanzaError.Condition.BAD_REQUEST, "the item needs a valid bare 'jid'"));
            return;
        }
        String user = ctx.from().asBareJid().toString();
        if ("remove".equals(item.attribute("subscription"))) {
            remove(ctx, user, contact);
            return;
        }
        List<String> groups = new ArrayList<>();
        StanzaError invalid = groups(item, groups);
        String name = item.attribute("name");
        // RFC 6121 §2.3.3: a name or group over the server's limit is not-acceptable
        if (invalid == null && !StoredValueLimits.fitsRosterText(name)) {
            invalid = StoredValueLimits.tooLong("the name", StoredValueLimits.ROSTER_TEXT_BYTES);
        }
        if (invalid == null && !StoredValueLimits.fitsKey(user, contact.toString())) {
            invalid = StoredValueLimits.keyTooLong("the contact's JID");
        }
        if (invalid != null) {
            ctx.replyError(invalid);
            return;
        }
        String c = contact.toString();
        // Only the name and groups are the client's to set; the subscription state is the server's.
        rosters.update(user, c, cur -> {
            RosterItem base = cur != null ? cur : RosterItems.added(c);
            return new RosterItem(c, name == null ? "" : name, base.subscription(), base.askOut(), base.pendingIn(),
                    base.preApproved(), groups);
        }).whenComplete((change, error) -> {
            RosterFullException full = RosterFullException.in(error);
            if (full == null) {
                reply(ctx, error);
                return;
            }
            // not-allowed (cancel), not resource-constraint: its type "wait" (RFC 6120 §8.3.3) invites a retry that waiting cannot help.
            log.info("{}: roster set for {} refused: the roster is full ({} items, limits.max-roster-items)", ctx.from(), c, full.limit());
            ctx.replyError(StanzaError.of(StanzaError.Condition.NOT_ALLOWED, "the roster is full (" + full.limit() + " items)"));
        });
    }

    private static StanzaError groups(Element item, List<String> out) {
        Set<String> seen = new LinkedHashSet<>();
        for (Element g : item.childElements()) {
            if (!g.is("group", RosterItems.NS)) {
                continue;
            }
            String name = g.text();
            if (name.isEmpty()) {
                return StanzaError.of(StanzaError.Condition.NOT_ACCEPTABLE, "a group needs a name");
            }
            if (!seen.add(name)) {
                return StanzaError.of(StanzaError.Condition.BAD_REQUEST, "the same group twice");
            }
            if (!StoredValueLimits.fitsRosterText(name)) {
                return StoredValueLimits.tooLong("a group", StoredValueLimits.ROSTER_TEXT_BYTES);
            }
        }
        out.addAll(seen);
        return null;
    }

    private void remove(StanzaContext ctx, String user, EntityBareJid contact) {
        rosters.update(user, contact.toString(), cur -> null).whenComplete((change, error) -> {
            if (error == null && change.before() == null) {
                ctx.replyError(StanzaError.of(StanzaError.Condition.ITEM_NOT_FOUND));
                return;
            }
            if (error != null) {
                reply(ctx, error);
                return;
            }
            subscriptions.rosterItemRemoved(ctx.from().asEntityBareJid(), change.before())
                    .whenComplete((v, e) -> reply(ctx, null));
        });
    }

    private static void reply(StanzaContext ctx, Throwable error) {
        if (error != null) {
            ctx.replyError(StanzaError.of(StanzaError.Condition.INTERNAL_SERVER_ERROR, "the roster could not be stored"));
        } else {
            ctx.replyResult(null);
        }
    }

    private static EntityBareJid contactOf(String jid) {
        if (jid == null) {
            return null;
        }
        try {
            Jid j = JidCreate.from(jid);
            return j.asEntityBareJidIfPossible();
        } catch (XmppStringprepException | IllegalArgumentException e) {
            return null;
        }
    }
}
