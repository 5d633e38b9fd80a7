package net.bluemind.xmpp.server.pep;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.bluemind.xmpp.server.caps.CapsListener;
import net.bluemind.xmpp.server.caps.SessionCaps;
import net.bluemind.xmpp.server.roster.RosterService;
import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.SessionManager;
import net.bluemind.xmpp.spi.PepStore;
import net.bluemind.xmpp.spi.PepStore.PepNodeConfig;
import net.bluemind.xmpp.spi.RosterStore.RosterItem;
import net.bluemind.xmpp.xml.Element;

/**
 * XEP-0163 notifications. An event goes to the owner's available resources and, unless the node is
 * closed (whitelist), to the available resources of each contact with a from/both subscription — in
 * both cases only to resources whose entity caps announce "{@code node}+notify" (filtered
 * notifications). When a resource starts announcing interest in a node, it is sent that node's last
 * published item, from the account itself and from each contact whose presence it sees.
 */
final class PepNotifier implements CapsListener {

    private static final Logger log = LoggerFactory.getLogger(PepNotifier.class);
    private static final String NOTIFY = "+notify";

    private final SessionManager sessions;
    private final RosterService rosters;
    private final PepStore repository;
    private final PepAccess access;

    PepNotifier(SessionManager sessions, RosterService rosters, PepStore repository, PepAccess access) {
        this.sessions = sessions;
        this.rosters = rosters;
        this.repository = repository;
        this.access = access;
    }

    /** Sends an event of {@code owner}'s node to everyone entitled and interested; completes once all are queued. */
    CompletionStage<Void> broadcast(EntityBareJid owner, String node, PepNodeConfig config, Element eventChild) {
        String from = owner.toString();
        return rosters.roster(from).thenAccept(roster -> {
            for (ClientSession s : sessions.sessions(owner)) {
                if (s.isAvailable() && interested(s, node)) {
                    s.deliver(PepElements.notification(from, s.fullJidString(), eventChild));
                }
            }
            if (!new PepAccess.Reader(false, true).mayRead(config)) {
                return;
            }
            for (RosterItem i : roster.items()) {
                EntityBareJid contact = i.subscription().hasFrom() ? bare(i.contact()) : null;
                if (contact == null) {
                    continue;
                }
                for (ClientSession s : sessions.sessions(contact)) {
                    if (s.isAvailable() && s.priority() >= 0 && interested(s, node)) {
                        s.deliver(PepElements.notification(from, s.fullJidString(), eventChild));
                    }
                }
            }
        });
    }

    static boolean interested(ClientSession s, String node) {
        return SessionCaps.featuresOf(s).contains(node + NOTIFY);
    }

    @Override
    public void featuresChanged(ClientSession session, Set<String> before, Set<String> after) {
        Set<String> nodes = notifyNodes(after);
        nodes.removeAll(notifyNodes(before));
        if (nodes.isEmpty() || !session.isAvailable()) {
            return;
        }
        String user = session.bareJid().toString();
        sendLastItems(session, user, nodes);
        rosters.roster(user).thenAccept(roster -> {
            for (RosterItem i : roster.items()) {
                if (i.subscription().hasTo()) {
                    sendLastItems(session, i.contact(), nodes);
                }
            }
        });
    }

    private static Set<String> notifyNodes(Set<String> features) {
        Set<String> out = new HashSet<>();
        for (String f : features) {
            if (f.endsWith(NOTIFY) && f.length() > NOTIFY.length()) {
                out.add(f.substring(0, f.length() - NOTIFY.length()));
            }
        }
        return out;
    }

    /** The last item of each of {@code owner}'s nodes among {@code wanted} that the session's user may see. */
    private void sendLastItems(ClientSession session, String owner, Set<String> wanted) {
        String reader = session.bareJid().toString();
        repository.pepNodes(owner).thenCompose(existing -> {
            List<String> nodes = new ArrayList<>(existing);
            nodes.retainAll(wanted);
            if (nodes.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            return access.reader(owner, reader).thenCompose(r -> {
                CompletableFuture<?>[] each = new CompletableFuture<?>[nodes.size()];
                for (int k = 0; k < each.length; k++) {
                    each[k] = sendLastItem(session, owner, nodes.get(k), r).toCompletableFuture();
                }
                return CompletableFuture.allOf(each);
            });
        }).whenComplete((v, e) -> {
            if (e != null) {
                log.warn("last PEP items of {} not sent to {}: {}", owner, session.fullJid(), e.toString());
            }
        });
    }

    private CompletionStage<Void> sendLastItem(ClientSession session, String owner, String node, PepAccess.Reader reader) {
        return repository.pepNode(owner, node).thenCompose(config -> {
            if (config.isEmpty() || !reader.mayRead(config.get()) || !NodeOptions.sendsLastItem(config.get())) {
                return CompletableFuture.completedFuture(null);
            }
            return repository.pepItems(owner, node, 1).thenAccept(items -> {
                Element item = items.isEmpty() ? null : PepElements.item(Pubsub.EVENT, items.get(0));
                if (item != null && session.isAvailable()) {
                    Element n = PepElements.notification(owner, session.fullJidString(), PepElements.published(node, item));
                    session.deliver(PepElements.withDelay(n, owner, items.get(0).published()));
                }
            });
        });
    }

    private static EntityBareJid bare(String jid) {
        try {
            return JidCreate.entityBareFrom(jid);
        } catch (XmppStringprepException e) {
            return null;
        }
    }
}
