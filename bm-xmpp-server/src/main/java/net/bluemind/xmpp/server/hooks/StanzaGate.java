package net.bluemind.xmpp.server.hooks;

import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;

import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.xml.Element;

/**
 * Decides whether a client's stanza goes on to its addressee, before any other rule applies (the
 * block lists of XEP-0191 are one such decision), and whether what the server sends on a user's behalf
 * (presence broadcasts, probe answers) may reach a given entity. A gate may answer a client's stanza
 * later, when what it needs has been loaded; it keeps the sender's stanzas in the order they were sent
 * and runs {@code next} on the sender's thread. Features add gates with {@link StanzaHooks#addGate}.
 */
public interface StanzaGate {

    /** Lets everything through. */
    StanzaGate OPEN = (sender, stanza, to, next) -> next.run();

    /**
     * @param stanza the stanza, {@code from} stamped
     * @param to     its addressee with the canonical domain, or null when it has none
     * @param next   the routing of the stanza, run when (and only if) it may go on
     */
    void pass(ClientSession sender, Element stanza, Jid to, Runnable next);

    /**
     * A stanza from another server's entity {@code from} to a local {@code to} (canonical domain): runs
     * {@code next} when it may be delivered, else {@code refused}. Lets everything through by default.
     */
    default void passFromRemote(Jid from, Jid to, Runnable next, Runnable refused) {
        next.run();
    }

    /**
     * Whether a stanza the server sends on {@code from}'s behalf (a presence broadcast, a probe answer) must not
     * reach {@code to}. Answers at once, from memory: false when it does not know yet.
     */
    default boolean separates(EntityFullJid from, Jid to) {
        return false;
    }

    /** {@code first}, then {@code second}: a stanza goes on when both let it. */
    static StanzaGate both(StanzaGate first, StanzaGate second) {
        return new StanzaGate() {
            @Override
            public void pass(ClientSession sender, Element stanza, Jid to, Runnable next) {
                first.pass(sender, stanza, to, () -> second.pass(sender, stanza, to, next));
            }

            @Override
            public void passFromRemote(Jid from, Jid to, Runnable next, Runnable refused) {
                first.passFromRemote(from, to, () -> second.passFromRemote(from, to, next, refused), refused);
            }

            @Override
            public boolean separates(EntityFullJid from, Jid to) {
                return first.separates(from, to) || second.separates(from, to);
            }
        };
    }
}
