package net.bluemind.xmpp.server.archive;

import java.util.ArrayList;
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
    /** Whether the last store stored something: a lone message refused then is poison, not an outage. */
    private boolean lastStoreSucceeded;

    PoisonIsolator(MessageArchive archive, DeadLetters deadLetters, long timeoutSeconds) {
        this.archive = archive;
        this.deadLetters = deadLetters;
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * Stores the batch, setting refused messages aside; returns how many were stored.
     *
     * <p>A message is set aside only when the archive shows it takes others: some message of the batch was stored,
     * or (for a batch of one) the last store succeeded. An archive that refuses everything (a constraint every row
     * breaks, a broken index mapping, a permission) is not refusing poison: that is an outage, the batch goes to the
     * spool and is tried again later, whole, instead of every message being dead-lettered.
     *
     * @throws ExecutionException with the archive's failure when it could not be reached, or refused everything
     */
    int store(List<ArchivedMessage> batch) throws ExecutionException, TimeoutException, InterruptedException {
        if (batch.isEmpty()) {
            return 0;
        }
        List<Refused> refused = new ArrayList<>();
        int stored = attempt(batch, refused);
        if (stored == 0 && !refused.isEmpty() && (batch.size() > 1 || !lastStoreSucceeded)) {
            lastStoreSucceeded = false;
            throw new ExecutionException(new IllegalStateException("the archive refused every message of a batch of " + batch.size()
                    + ", taken for an outage: " + refused.get(0).reason()));
        }
        for (Refused r : refused) {
            deadLetters.refused(r.message(), archive.describe(), r.reason());
        }
        lastStoreSucceeded |= stored > 0;
        return stored;
    }

    /** A message the archive refused, and its words. */
    private record Refused(ArchivedMessage message, String reason) {
    }

    /** Stores what it can of the batch, gathering the refused messages; returns how many were stored. */
    private int attempt(List<ArchivedMessage> batch, List<Refused> refused)
            throws ExecutionException, TimeoutException, InterruptedException {
        try {
            archive.store(batch).toCompletableFuture().get(timeoutSeconds, TimeUnit.SECONDS);
            return batch.size();
        } catch (ExecutionException e) {
            ArchiveRejectedException refusal = refusal(e.getCause());
            if (refusal == null) {
                throw e;
            }
            if (refusal.identified()) {
                Set<String> ids = new HashSet<>(refusal.stanzaIds());
                int n = 0;
                for (ArchivedMessage m : batch) {
                    if (ids.contains(m.stanzaId())) {
                        refused.add(new Refused(m, refusal.getMessage()));
                        n++;
                    }
                }
                return batch.size() - n;
            }
            if (batch.size() == 1) {
                refused.add(new Refused(batch.get(0), refusal.getMessage()));
                return 0;
            }
            int half = batch.size() / 2;
            return attempt(batch.subList(0, half), refused) + attempt(batch.subList(half, batch.size()), refused);
        }
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
