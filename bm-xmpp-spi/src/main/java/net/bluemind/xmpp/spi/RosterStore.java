package net.bluemind.xmpp.spi;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Rosters with their versions (RFC 6121 §2, XEP-0237): what the roster and presence features store. Users and
 * contacts are bare JID strings in their canonical form; a write completes once it is durable.
 */
public interface RosterStore {

    /** The whole roster with its current version. */
    CompletionStage<Roster> roster(String user);

    /** Inserts or replaces one item; returns the roster's new version. */
    CompletionStage<Long> putRosterItem(String user, RosterItem item);

    /** Removes one item (no-op when absent); returns the roster's new version. */
    CompletionStage<Long> removeRosterItem(String user, String contact);

    /** A roster and its version (XEP-0237: a number that grows with every change). */
    record Roster(long version, List<RosterItem> items) {
        public Roster {
            items = List.copyOf(items);
        }
    }

    /**
     * One roster item with its subscription state (RFC 6121 Appendix A).
     *
     * @param contact      the contact's bare JID
     * @param name         the user's name for the contact, or null
     * @param subscription none, to, from or both
     * @param askOut       the user asked to see the contact's presence and awaits the answer ("Pending Out")
     * @param pendingIn    the contact asked to see the user's presence and awaits the answer ("Pending In")
     * @param preApproved  the user pre-approved a request from the contact (RFC 6121 §3.4)
     * @param groups       the groups the item is in
     */
    record RosterItem(String contact, String name, Subscription subscription, boolean askOut, boolean pendingIn,
                      boolean preApproved, List<String> groups) {
        public RosterItem {
            groups = List.copyOf(groups);
        }
    }

    enum Subscription {
        NONE, TO, FROM, BOTH;

        public boolean hasTo() {
            return this == TO || this == BOTH;
        }

        public boolean hasFrom() {
            return this == FROM || this == BOTH;
        }
    }
}
