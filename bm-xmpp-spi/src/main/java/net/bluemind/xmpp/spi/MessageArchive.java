package net.bluemind.xmpp.spi;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where conversations are archived (XEP-0313 MAM; BlueMind's {@code im} index). A message is one
 * {@link ArchivedMessage} whatever the number of archives ({@link ArchivedMessage#owners()}) holding it;
 * a query reads one owner's archive, in which the other party is {@link ArchivedMessage#with(String)}.
 *
 * <p>The engine never calls a store from a connection thread: one archive writer thread batches
 * messages, calls {@link #store} and waits for it, and keeps what could not be stored in a durable spool
 * that it replays in order later. So {@link #store} must be <b>idempotent</b>: storing a message again
 * with the same stanzaId leaves one copy. Stages complete exceptionally when the backend fails.
 *
 * <p>A backend tells an unreachable archive from a refused record: a record it will never accept (a value
 * longer than it can hold, a document it cannot index) fails the stage with an
 * {@link ArchiveRejectedException}, which the engine answers by setting the record aside; any other
 * failure is taken for an outage, and the batch is kept and tried again. A backend that cannot hold a
 * value should fail that way rather than cut it silently.
 */
public interface MessageArchive extends AutoCloseable {

    /**
     * Stores a batch (in the order given); completes once every message is durable and searchable.
     * Fails with {@link ArchiveRejectedException} when records are refused for good.
     */
    CompletionStage<Void> store(List<ArchivedMessage> batch);

    /**
     * One page of an owner's archive. Fails with {@link ArchiveQueryException} when a referenced id is
     * not in the owner's archive, or a filter cannot be served.
     */
    CompletionStage<ArchivePage> query(ArchiveQuery query);

    /** Removes every message older than this instant (epoch milliseconds); returns how many. */
    CompletionStage<Long> purgeBefore(long epochMillis);

    /** Removes an owner's whole archive (account deleted). */
    CompletionStage<Void> deleteOwner(String owner);

    /** Whether {@link ArchiveQuery#fullText()} is answered (else a query with it fails). */
    default boolean supportsFullText() {
        return true;
    }

    /** A short description for the start log: "elasticsearch at http://...", "h2 under ...". */
    String describe();

    @Override
    void close();
}
