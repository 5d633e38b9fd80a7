package net.bluemind.xmpp.server.archive;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import net.bluemind.xmpp.spi.ArchiveRejectedException;
import net.bluemind.xmpp.spi.ArchivedMessage;
import net.bluemind.xmpp.spi.MessageArchive;

/**
 * Stores a batch so that a message the archive refuses for good cannot fail it: the refused messages
 * are set aside in the {@link DeadLetters} and the others are stored. When the archive names the refused
 * messages ({@link ArchiveRejectedException#identified}), the rest is already stored; when it cannot tell
 * which (a rolled-back transaction), the batch is stored in halves, down to the single message refused,
 * so a batch of n messages with one refused costs about 2·log2(n) more stores.
 *
 * <p>Any other failure means the archive is unreachable: it is thrown as it came, the writer keeps the
 * whole batch in its spool and tries again later (halves stored before that are stored again, which the
 * archive's idempotent store absorbs).
 */
final class PoisonIsolator {

    private final MessageArchive archive;
    private final DeadLetters deadLetters;
    private final long timeoutSeconds;

    PoisonIsolator(MessageArchive archive, DeadLetters deadLetters, long timeoutSeconds) {
        this.archive = archive;
        this.deadLetters = deadLetters;
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * Stores the batch, setting refused messages aside; returns how many were stored.
     *
     * @throws ExecutionException with the archive's failure when it could not be reached (not a refusal)
     */
    int store(List<ArchivedMessage> batch) throws ExecutionException, TimeoutException, InterruptedException {
        if (batch.isEmpty()) {
            return 0;
        }
        try {
            archive.store(batch).toCompletableFuture().get(timeoutSeconds, TimeUnit.SECONDS);
            return batch.size();
        } catch (ExecutionException e) {
            ArchiveRejectedException refusal = refusal(e.getCause());
            if (refusal == null) {
                throw e;
            }
            if (refusal.identified()) {
                return batch.size() - setAside(batch, refusal);
            }
            if (batch.size() == 1) {
                deadLetters.refused(batch.get(0), archive.describe(), refusal.getMessage());
                return 0;
            }
            int half = batch.size() / 2;
            return store(batch.subList(0, half)) + store(batch.subList(half, batch.size()));
        }
    }

    private int setAside(List<ArchivedMessage> batch, ArchiveRejectedException refusal) {
        Set<String> refused = new HashSet<>(refusal.stanzaIds());
        int n = 0;
        for (ArchivedMessage m : batch) {
            if (refused.contains(m.stanzaId())) {
                deadLetters.refused(m, archive.describe(), refusal.getMessage());
                n++;
            }
        }
        return n;
    }

    /** The refusal behind a failure (stages wrap it in CompletionExceptions), or null for an outage. */
    static ArchiveRejectedException refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ArchiveRejectedException r) {
                return r;
            }
        }
        return null;
    }
}
