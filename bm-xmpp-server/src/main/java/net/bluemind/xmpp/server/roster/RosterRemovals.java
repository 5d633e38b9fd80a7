package net.bluemind.xmpp.server.roster;

import java.util.concurrent.CompletableFuture;

import org.jxmpp.jid.EntityBareJid;

import net.bluemind.xmpp.spi.RosterStore.RosterItem;

/** What else a roster removal does (RFC 6121 §2.5.2: the subscriptions it ends), done by the presence feature. */
@FunctionalInterface
public interface RosterRemovals {

    /**
     * {@code user} removed {@code before} from its roster: the stage completes once the contact's side is done, so the
     * user's iq result comes after it.
     */
    CompletableFuture<Void> rosterItemRemoved(EntityBareJid user, RosterItem before);
}
