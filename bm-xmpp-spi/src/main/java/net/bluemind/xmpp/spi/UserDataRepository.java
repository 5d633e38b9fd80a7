package net.bluemind.xmpp.spi;

import java.util.concurrent.CompletionStage;

/**
 * Server-side user data (Tigase's user repository): one backend holding every feature's store, so that an
 * account's data can be removed at once. Each feature sees only its own store ({@link RosterStore},
 * {@link OfflineMessageStore}, {@link PrivateXmlStore}, {@link BlockListStore}, {@link PepStore}).
 *
 * <p>Every write completes only once it is durable: the engine acknowledges a client (roster push,
 * iq result, SM ack) after the stage completes. Implementations run their I/O off the caller's
 * thread and complete every stage, with an exception when the backend fails.
 */
public interface UserDataRepository extends RosterStore, OfflineMessageStore, PrivateXmlStore, BlockListStore, PepStore {

    /** Removes everything stored for a user (account deleted). */
    CompletionStage<Void> deleteUser(String user);
}
