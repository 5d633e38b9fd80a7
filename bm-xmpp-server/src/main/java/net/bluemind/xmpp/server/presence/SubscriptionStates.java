package net.bluemind.xmpp.server.presence;

import net.bluemind.xmpp.spi.RosterStore.RosterItem;
import net.bluemind.xmpp.spi.RosterStore.Subscription;

/** The transitions of RFC 6121 Appendix A on one roster item, as pure functions. */
final class SubscriptionStates {

    private SubscriptionStates() {
    }

    static RosterItem with(RosterItem i, Subscription s, boolean askOut, boolean pendingIn, boolean preApproved) {
        return new RosterItem(i.contact(), i.name(), s, askOut, pendingIn, preApproved, i.groups());
    }

    static Subscription addTo(Subscription s) {
        return s == Subscription.FROM || s == Subscription.BOTH ? Subscription.BOTH : Subscription.TO;
    }

    static Subscription addFrom(Subscription s) {
        return s == Subscription.TO || s == Subscription.BOTH ? Subscription.BOTH : Subscription.FROM;
    }

    static Subscription removeTo(Subscription s) {
        return s == Subscription.BOTH || s == Subscription.FROM ? Subscription.FROM : Subscription.NONE;
    }

    static Subscription removeFrom(Subscription s) {
        return s == Subscription.BOTH || s == Subscription.TO ? Subscription.TO : Subscription.NONE;
    }

    /** The user asked for the contact's presence (outbound subscribe). */
    static RosterItem askedOut(RosterItem current, String contact) {
        RosterItem i = current != null ? current : new RosterItem(contact, "", Subscription.NONE, false, false, false, java.util.List.of());
        if (i.subscription().hasTo()) {
            return i;
        }
        // An item that only remembered the contact's own request becomes one the user sees.
        String name = i.name() == null ? "" : i.name();
        return new RosterItem(i.contact(), name, i.subscription(), true, i.pendingIn(), i.preApproved(), i.groups());
    }

    /** The user approved the contact's request, or pre-approved one to come (outbound subscribed). */
    static RosterItem approved(RosterItem current, String contact) {
        if (current != null && current.subscription().hasFrom()) {
            return current;
        }
        if (current != null && current.pendingIn()) {
            return with(current, addFrom(current.subscription()), current.askOut(), false, false);
        }
        RosterItem i = current != null ? current : new RosterItem(contact, "", Subscription.NONE, false, false, false, java.util.List.of());
        String name = i.name() == null ? "" : i.name();
        return new RosterItem(i.contact(), name, i.subscription(), i.askOut(), false, true, i.groups());
    }

    /** The user cancelled its subscription to the contact (outbound unsubscribe). */
    static RosterItem unsubscribedOut(RosterItem current) {
        return current == null ? null : with(current, removeTo(current.subscription()), false, current.pendingIn(), current.preApproved());
    }

    /** The user cancelled or denied the contact's subscription (outbound unsubscribed). */
    static RosterItem cancelledIn(RosterItem current) {
        return current == null ? null : with(current, removeFrom(current.subscription()), current.askOut(), false, false);
    }

    /** A request from the contact arrived (inbound subscribe). */
    static RosterItem requested(RosterItem current, String contact) {
        if (current == null) {
            return new RosterItem(contact, null, Subscription.NONE, false, true, false, java.util.List.of());
        }
        if (current.subscription().hasFrom()) {
            return current;
        }
        if (current.preApproved()) {
            return with(current, addFrom(current.subscription()), current.askOut(), false, false);
        }
        return with(current, current.subscription(), current.askOut(), true, false);
    }

    /** The contact approved the user's request (inbound subscribed): only an asked-for approval counts. */
    static RosterItem approvedByContact(RosterItem current) {
        if (current == null || !current.askOut()) {
            return current;
        }
        return with(current, addTo(current.subscription()), false, current.pendingIn(), current.preApproved());
    }

    /** The contact cancelled its subscription to the user (inbound unsubscribe). */
    static RosterItem contactUnsubscribed(RosterItem current) {
        return current == null ? null : with(current, removeFrom(current.subscription()), current.askOut(), false, current.preApproved());
    }

    /**
     * Whether an inbound subscription stanza goes on to the contact's available resources: the "deliver?"
     * column of RFC 6121 Appendix A.3, read from the contact's item before and after the stanza changed
     * it (null: no item). Only a stanza that changes the state is delivered, so a requester repeating
     * itself reaches the contact once.
     *
     * <ul>
     * <li>subscribe (A.3.1): only when it leaves a new pending request; never when one was already pending,
     * nor when the contact already allows it or pre-approved it (the server answers for the contact).</li>
     * <li>subscribed (A.3.2): only when the contact had asked for it ("Pending Out").</li>
     * <li>unsubscribe (A.3.3): when it ends a subscription from the contact or a pending request.</li>
     * <li>unsubscribed (A.3.4): when it ends the contact's subscription or its pending request.</li>
     * </ul>
     */
    static boolean deliverInbound(String type, RosterItem before, RosterItem after) {
        return switch (type) {
            case "subscribe" -> after != null && after.pendingIn() && (before == null || !before.pendingIn());
            case "subscribed" -> before != null && before.askOut();
            case "unsubscribe" -> before != null && (before.subscription().hasFrom() || before.pendingIn());
            case "unsubscribed" -> before != null && (before.subscription().hasTo() || before.askOut());
            default -> false;
        };
    }

    /** The contact cancelled or denied the user's subscription (inbound unsubscribed). */
    static RosterItem contactCancelled(RosterItem current) {
        return current == null ? null : with(current, removeTo(current.subscription()), false, current.pendingIn(), current.preApproved());
    }
}
