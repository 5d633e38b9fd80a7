package net.bluemind.xmpp.server.pep;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import net.bluemind.xmpp.server.roster.RosterService;
import net.bluemind.xmpp.spi.PepStore.PepNodeConfig;
import net.bluemind.xmpp.spi.RosterStore.RosterItem;
import net.bluemind.xmpp.xml.StanzaError;

/**
 * Who may see the items of an account's nodes (XEP-0060 §4.5 access models, as XEP-0163 uses them):
 * the owner always; for "open" anyone; for "presence" the contacts the owner shares presence with
 * (a from or both subscription); for "whitelist" nobody else (XEP-0223 private nodes). Any other
 * model (roster groups, authorize) is treated as closed.
 */
final class PepAccess {

    private final RosterService rosters;

    PepAccess(RosterService rosters) {
        this.rosters = rosters;
    }

    /** One requester's standing towards one owner, looked up once for all the owner's nodes. */
    record Reader(boolean owner, boolean presenceSubscriber) {

        boolean mayRead(PepNodeConfig config) {
            return owner || switch (config.accessModel()) {
                case "open" -> true;
                case "presence" -> presenceSubscriber;
                default -> false;
            };
        }

        /** The XEP-0060 §6.5.9 error for a requester who may not read. */
        PubsubError denial(PepNodeConfig config) {
            if ("presence".equals(config.accessModel())) {
                return PubsubError.of(StanzaError.Condition.NOT_AUTHORIZED, "presence-subscription-required");
            }
            return PubsubError.of(StanzaError.Condition.NOT_ALLOWED, "closed-node");
        }
    }

    /** The requester's standing (both bare JIDs). */
    CompletionStage<Reader> reader(String owner, String requester) {
        if (owner.equals(requester)) {
            return CompletableFuture.completedFuture(new Reader(true, true));
        }
        return rosters.roster(owner).thenApply(roster -> {
            RosterItem item = RosterService.find(roster, requester);
            return new Reader(false, item != null && item.subscription().hasFrom());
        });
    }
}
