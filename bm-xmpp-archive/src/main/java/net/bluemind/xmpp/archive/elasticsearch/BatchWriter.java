package net.bluemind.xmpp.archive.elasticsearch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import net.bluemind.xmpp.spi.ArchivedMessage;

/**
 * Stores a batch in one bulk request. Each message is indexed under its stanza id ({@code index}, not
 * {@code create}), so a batch the engine replays from its spool overwrites itself: exactly once.
 *
 * <p>Item failures are sorted by whether a retry can help: 429, 5xx, a write block on the index and a
 * write alias that disappeared fail the batch so that the engine retries it; any other 4xx is a message
 * Elasticsearch will never accept, logged and skipped, because failing the batch would block the spool
 * forever.
 */
final class BatchWriter {

    private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);
    private static final int MAX_ID_BYTES = 512;

    private final ElasticsearchAsyncClient client;
    private final ArchiveIndex index;

    BatchWriter(ElasticsearchAsyncClient client, ArchiveIndex index) {
        this.client = client;
        this.index = index;
    }

    CompletableFuture<Void> store(List<ArchivedMessage> batch) {
        if (batch.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<BulkOperation> operations = batch.stream().filter(BatchWriter::hasValidId)
                .map(BatchWriter::indexOperation).toList();
        if (operations.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return index.ensure()
                // wait_for: the stage completes when the messages are searchable, as MessageArchive promises.
                // require_alias: never let a write auto-create a plain index named like our alias.
                .thenCompose(v -> client.bulk(b -> b.refresh(Refresh.WaitFor).requireAlias(true).operations(operations)))
                .thenAccept(this::checkItems);
    }

    /** Elasticsearch refuses the whole bulk request for one over-long _id: leave that message out instead. */
    private static boolean hasValidId(ArchivedMessage m) {
        int length = m.stanzaId().getBytes(StandardCharsets.UTF_8).length;
        if (length == 0 || length > MAX_ID_BYTES) {
            log.error("archive: message dropped, its stanza id is {} bytes long (Elasticsearch takes 1 to {}): {}...",
                    length, MAX_ID_BYTES, m.stanzaId().substring(0, Math.min(40, m.stanzaId().length())));
            return false;
        }
        return true;
    }

    private static BulkOperation indexOperation(ArchivedMessage m) {
        return BulkOperation.of(o -> o.index(i -> i.index(ArchiveIndex.WRITE_ALIAS).id(m.stanzaId())
                .document(ArchiveDocument.of(m))));
    }

    private void checkItems(BulkResponse response) {
        if (!response.errors()) {
            return;
        }
        List<BulkResponseItem> retryable = new ArrayList<>();
        for (BulkResponseItem item : response.items()) {
            ErrorCause error = item.error();
            if (error == null) {
                continue;
            }
            if (isRetryable(item)) {
                retryable.add(item);
            } else {
                log.error("archive: message {} dropped, Elasticsearch refused it with {} {}: {}", item.id(),
                        item.status(), error.type(), withoutValues(error.reason()));
            }
        }
        if (!retryable.isEmpty()) {
            BulkResponseItem first = retryable.get(0);
            throw new ArchiveWriteException(retryable.size() + " of " + response.items().size()
                    + " messages not stored, Elasticsearch answered " + first.status() + " " + first.error().type()
                    + " for " + first.id() + ": " + withoutValues(first.error().reason()));
        }
    }

    private boolean isRetryable(BulkResponseItem item) {
        String type = item.error().type();
        if ("index_not_found_exception".equals(type)) {
            index.forget();
            return true;
        }
        // A write block (disk flood stage: 429; set by an admin: 403) is lifted sooner or later.
        return item.status() == 429 || item.status() >= 500 || "cluster_block_exception".equals(type);
    }

    /** Elasticsearch quotes the field's value in a parse error: it may be a message body, never logged. */
    private static String withoutValues(String reason) {
        if (reason == null) {
            return "";
        }
        int preview = reason.indexOf("Preview of field's value");
        return preview < 0 ? reason : reason.substring(0, preview).trim();
    }
}
