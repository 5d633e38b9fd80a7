package net.bluemind.xmpp.server.archive;

import java.util.List;
import java.util.concurrent.CompletionStage;

import net.bluemind.xmpp.spi.ArchivePage;
import net.bluemind.xmpp.spi.ArchiveQuery;
import net.bluemind.xmpp.spi.ArchivedMessage;
import net.bluemind.xmpp.spi.MessageArchive;

/** The in-memory archive behind a store that a test makes fail its own way (an outage, a refusal, slowness). */
abstract class DelegatingArchive implements MessageArchive {

    final MemoryMessageArchive delegate = new MemoryMessageArchive();

    @Override
    public CompletionStage<ArchivePage> query(ArchiveQuery query) {
        return delegate.query(query);
    }

    @Override
    public CompletionStage<Long> purgeBefore(long epochMillis) {
        return delegate.purgeBefore(epochMillis);
    }

    @Override
    public CompletionStage<Void> deleteOwner(String owner) {
        return delegate.deleteOwner(owner);
    }

    @Override
    public String describe() {
        return getClass().getSimpleName();
    }

    @Override
    public void close() {
    }

    /** The bodies in an owner's archive, oldest first. */
    List<String> bodies(String owner) {
        return delegate.query(new ArchiveQuery(owner, null, null, null, null, null, null, null, List.of(), null, 100_000))
                .toCompletableFuture().join().messages().stream().map(ArchivedMessage::body).toList();
    }
}
