package net.bluemind.xmpp.spi;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** Messages kept for users who are offline (XEP-0160): what the offline feature stores. */
public interface OfflineMessageStore {

    /**
     * Stores a message for a user who is offline. Returns false, storing nothing, when the user
     * already has {@code maxPerUser} messages waiting.
     */
    default CompletionStage<Boolean> storeOffline(String user, OfflineMessage message, int maxPerUser) {
        return storeOffline(user, message, maxPerUser, Long.MAX_VALUE);
    }

    /**
     * Stores a message for a user who is offline. Returns false, storing nothing, when the user already has
     * {@code maxPerUser} messages waiting, or when the message would take the UTF-8 bytes of the user's
     * waiting stanzas past {@code maxBytesPerUser} (a first message is stored whatever its size).
     */
    CompletionStage<Boolean> storeOffline(String user, OfflineMessage message, int maxPerUser, long maxBytesPerUser);

    /** The waiting messages, oldest first (not removed). */
    CompletionStage<List<OfflineMessage>> offlineMessages(String user);

    /** Removes the messages with these ids, once they have been delivered. */
    CompletionStage<Void> deleteOffline(String user, List<Long> ids);

    /**
     * @param id     assigned by the repository when stored (ignored on store)
     * @param from   the sender's JID
     * @param stanza the whole message stanza, serialized
     * @param stamp  when the server received it, epoch milliseconds
     */
    record OfflineMessage(long id, String from, String stanza, long stamp) {
    }
}
