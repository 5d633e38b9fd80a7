package net.bluemind.xmpp.server.hooks;

import org.jxmpp.jid.Jid;

import net.bluemind.xmpp.spi.VHostRepository;
import net.bluemind.xmpp.xml.Element;

/**
 * Where stanzas for domains not served here go: federation (the s2s layer), or nowhere when it is off.
 * Handlers that address contacts (presence broadcast, subscriptions) ask {@link #isRemote} and hand
 * such stanzas here instead of looking for local sessions.
 */
public interface RemoteRouter {

    /** Whether the JID's domain is not served by this server. */
    boolean isRemote(Jid to);

    /**
     * Sends a stanza from a local entity ({@code from} stamped) to a remote one. Returns false when it
     * cannot even be tried (federation off for the sender's domain, or the remote domain refused): the
     * caller answers as it did before federation. Later failures come back to the sender as error stanzas.
     */
    boolean route(Element stanza);

    /** No federation: every other domain is out of reach. */
    static RemoteRouter none(VHostRepository vhosts) {
        return new RemoteRouter() {
            @Override
            public boolean isRemote(Jid to) {
                return vhosts.canonical(to.getDomain().toString()) == null;
            }

            @Override
            public boolean route(Element stanza) {
                return false;
            }
        };
    }
}
