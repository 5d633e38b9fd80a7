package net.bluemind.xmpp.server.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import net.bluemind.xmpp.spi.RosterStore.RosterItem;
import net.bluemind.xmpp.spi.RosterStore.Subscription;

/** The "deliver?" column of RFC 6121 Appendix A.3, state by state, for each inbound subscription stanza. */
class SubscriptionStatesTest {

    private static final String CONTACT = "romeo@example.net";

    /** An RFC state name ("None + Pending Out+In", "From", ...) as an item; null for "no item". */
    private static RosterItem state(String name) {
        if (name.equals("absent")) {
            return null;
        }
        String base = name.split(" ")[0];
        Subscription s = Subscription.valueOf(base.toUpperCase());
        boolean out = name.contains("Pending Out");
        boolean in = name.contains("Pending In") || name.contains("Out+In");
        return new RosterItem(CONTACT, "", s, out, in, false, List.of());
    }

    private static UnaryOperator<RosterItem> transition(String type) {
        return switch (type) {
            case "subscribe" -> cur -> SubscriptionStates.requested(cur, CONTACT);
            case "subscribed" -> SubscriptionStates::approvedByContact;
            case "unsubscribe" -> SubscriptionStates::contactUnsubscribed;
            case "unsubscribed" -> SubscriptionStates::contactCancelled;
            default -> throw new IllegalArgumentException(type);
        };
    }

    @ParameterizedTest(name = "{0} in state {1}: deliver {2}")
    @CsvSource({
            // A.3.1 subscribe
            "subscribe, absent, true",
            "subscribe, None, true",
            "subscribe, None + Pending Out, true",
            "subscribe, None + Pending In, false",
            "subscribe, None + Pending Out+In, false",
            "subscribe, To, true",
            "subscribe, To + Pending In, false",
            "subscribe, From, false",
            "subscribe, From + Pending Out, false",
            "subscribe, Both, false",
            // A.3.2 subscribed
            "subscribed, absent, false",
            "subscribed, None, false",
            "subscribed, None + Pending Out, true",
            "subscribed, None + Pending In, false",
            "subscribed, None + Pending Out+In, true",
            "subscribed, To, false",
            "subscribed, To + Pending In, false",
            "subscribed, From, false",
            "subscribed, From + Pending Out, true",
            "subscribed, Both, false",
            // A.3.3 unsubscribe
            "unsubscribe, absent, false",
            "unsubscribe, None, false",
            "unsubscribe, None + Pending Out, false",
            "unsubscribe, None + Pending In, true",
            "unsubscribe, None + Pending Out+In, true",
            "unsubscribe, To, false",
            "unsubscribe, To + Pending In, true",
            "unsubscribe, From, true",
            "unsubscribe, From + Pending Out, true",
            "unsubscribe, Both, true",
            // A.3.4 unsubscribed
            "unsubscribed, absent, false",
            "unsubscribed, None, false",
            "unsubscribed, None + Pending Out, true",
            "unsubscribed, None + Pending In, false",
            "unsubscribed, None + Pending Out+In, true",
            "unsubscribed, To, true",
            "unsubscribed, To + Pending In, true",
            "unsubscribed, From, false",
            "unsubscribed, From + Pending Out, true",
            "unsubscribed, Both, true",
    })
    void deliversOnlyWhatTheRfcTableSays(String type, String state, boolean deliver) {
        RosterItem before = state(state);
        RosterItem after = transition(type).apply(before);
        assertEquals(deliver, SubscriptionStates.deliverInbound(type, before, after));
    }

    @ParameterizedTest(name = "a pre-approved subscribe in state {0} is answered, not delivered")
    @CsvSource({"None", "None + Pending Out", "To"})
    void preApprovedRequestIsNotDelivered(String state) {
        RosterItem i = state(state);
        RosterItem before = new RosterItem(CONTACT, "", i.subscription(), i.askOut(), false, true, List.of());
        RosterItem after = SubscriptionStates.requested(before, CONTACT);
        assertEquals(false, SubscriptionStates.deliverInbound("subscribe", before, after));
    }
}
