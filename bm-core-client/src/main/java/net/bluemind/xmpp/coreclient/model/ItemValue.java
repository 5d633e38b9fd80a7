package net.bluemind.xmpp.coreclient.model;

import java.util.List;

/** BlueMind's envelope of a stored item; dates are epoch milliseconds. */
public record ItemValue<T>(String uid, long internalId, long version, String displayName, String externalId,
                           String createdBy, String updatedBy, long created, long updated, List<String> flags,
                           T value) {
}
