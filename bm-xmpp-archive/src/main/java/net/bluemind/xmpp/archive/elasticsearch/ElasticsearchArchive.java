package net.bluemind.xmpp.archive.elasticsearch;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.json.JsonData;
import co.elastic.clients.transport.ElasticsearchTransport;
import net.bluemind.xmpp.spi.ArchivePage;
import net.bluemind.xmpp.spi.ArchiveQuery;
import net.bluemind.xmpp.spi.ArchivedMessage;
import net.bluemind.xmpp.spi.MessageArchive;

/**
 * The conversation archive in BlueMind's Elasticsearch {@code im} index: one document per message, in
 * the shape BlueMind's own reader expects, with the fields MAM needs beside. Every call is asynchronous;
 * the index is created on the first call that reaches Elasticsearch ({@link ArchiveIndex}).
 */
public final class ElasticsearchArchive implements MessageArchive {

    private static final Logger log = LoggerFactory.getLogger(ElasticsearchArchive.class);

    private final ElasticsearchTransport transport;
    private final ElasticsearchAsyncClient client;
    private final ElasticsearchSettings settings;
    private final ArchiveIndex index;
    private final ArchiveThreads threads = new ArchiveThreads();
    private final BatchWriter writer;
    private final MamSearch search;
    private final DocumentSweep sweep;
    private final OwnerRemoval removal;

    ElasticsearchArchive(ElasticsearchTransport transport, ElasticsearchSettings settings) {
        this.transport = transport;
        this.client = new ElasticsearchAsyncClient(transport);
        this.settings = settings;
        this.index = new ArchiveIndex(client, settings, () -> System.currentTimeMillis() / 1000);
        this.writer = new BatchWriter(client, index);
        this.search = new MamSearch(client);
        this.sweep = new DocumentSweep(client);
        this.removal = new OwnerRemoval(sweep);
    }

    @Override
    public CompletionStage<Void> store(List<ArchivedMessage> batch) {
        return run(() -> writer.store(batch));
    }

    @Override
    public CompletionStage<ArchivePage> query(ArchiveQuery query) {
        return run(() -> index.ensure().thenCompose(v -> search.run(query)));
    }

    @Override
    public CompletionStage<Long> purgeBefore(long epochMillis) {
        Query older = Query.of(q -> q.range(r -> r.untyped(u -> u.field("timecreate").lt(JsonData.of(epochMillis)))));
        return run(() -> index.ensure().thenCompose(v -> sweep.sweep(older, DocumentSweep::delete)));
    }

    @Override
    public CompletionStage<Void> deleteOwner(String owner) {
        return run(() -> index.ensure().thenCompose(v -> removal.remove(owner)));
    }

    @Override
    public String describe() {
        return "elasticsearch at " + settings.urlsText() + " (alias " + ArchiveIndex.WRITE_ALIAS + ")";
    }

    @Override
    public void close() {
        threads.close();
        try {
            transport.close();
        } catch (IOException e) {
            log.warn("archive: closing the Elasticsearch client: {}", e.toString());
        }
    }

    /** Runs the work, turning a failure to even start it into a failed stage, and delivers on our threads. */
    private <T> CompletionStage<T> run(Supplier<CompletableFuture<T>> work) {
        CompletableFuture<T> started;
        try {
            started = work.get();
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        return threads.deliver(started);
    }
}
