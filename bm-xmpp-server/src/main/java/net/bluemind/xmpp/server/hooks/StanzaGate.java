package net.bluemind.xmpp.server.hooks;

import org.jxmpp.jid.Jid;

import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.xml.Element;

/**
 * Decides whether a client's stanza goes on to its addressee, before any other rule applies (the
 * block lists of XEP-0191 are one such decision). A gate may answer later, when what it needs has
 * been loaded; it keeps the sender's stanzas in the order they were sent and runs {@code next} on the
 * sender's thread.
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
}
