package net.bluemind.xmpp.archive.elasticsearch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.transport.TransportException;
import net.bluemind.xmpp.spi.ArchiveRejectedException;
import net.bluemind.xmpp.spi.ArchivedMessage;

/**
 * Stores a batch in one bulk request. Each message is indexed under its stanza id ({@code index}, not
 * {@code create}), so a batch the engine replays from its spool overwrites itself: exactly once.
 *
 * <p>Item failures are sorted by whether a retry can help: 429, 5xx, a write block on the index and a
 * write alias that disappeared fail the batch so that the engine retries it; any other 4xx (a
 * {@code mapper_parsing_exception}, a document too large) is a message Elasticsearch will never accept:
 * the others are stored and the batch fails with an {@link ArchiveRejectedException} naming it, which
 * the engine sets aside. A whole request refused with 400 or 413 (a request too large) is refused for
 * something in it: {@link ArchiveRejectedException#unidentified}, and the engine stores it in parts.
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
        List<String> badIds = batch.stream().map(ArchivedMessage::stanzaId).filter(id -> !hasValidId(id)).toList();
        List<BulkOperation> operations = batch.stream().filter(m -> hasValidId(m.stanzaId()))
                .map(BatchWriter::indexOperation).toList();
        if (operations.isEmpty()) {
            return badIds.isEmpty() ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(badId(badIds));
        }
        return index.ensure()
                // wait_for: the stage completes when the messages are searchable, as MessageArchive promises.
                // require_alias: never let a write auto-create a plain index named like our alias.
                .thenCompose(v -> client.bulk(b -> b.refresh(Refresh.WaitFor).requireAlias(true).operations(operations))
                        .exceptionallyCompose(e -> CompletableFuture.failedFuture(wholeRequestRefusal(e))))
                .thenAccept(response -> checkItems(response, badIds));
    }

    /** Elasticsearch refuses the whole bulk request for one over-long _id: leave that message out instead. */
    private static boolean hasValidId(String stanzaId) {
        int length = stanzaId.getBytes(StandardCharsets.UTF_8).length;
        return length > 0 && length <= MAX_ID_BYTES;
    }

    private static ArchiveRejectedException badId(List<String> ids) {
        return ArchiveRejectedException.named(ids, "a stanza id must be 1 to " + MAX_ID_BYTES + " bytes long to be an Elasticsearch _id");
    }

    /** 400 or 413 for the whole request: something in it is refused (a request too large, a malformed item), not an outage. */
    private static Throwable wholeRequestRefusal(Throwable failure) {
        Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        int status = e instanceof ElasticsearchException ee ? ee.status() : e instanceof TransportException te ? te.statusCode() : 0;
        if (status == 400 || status == 413) {
            String type = e instanceof ElasticsearchException ee && ee.error() != null ? " " + ee.error().type() : "";
            return ArchiveRejectedException.unidentified("Elasticsearch refused the bulk request with " + status + type);
        }
        return e;
    }

    private static BulkOperation indexOperation(ArchivedMessage m) {
        return BulkOperation.of(o -> o.index(i -> i.index(ArchiveIndex.WRITE_ALIAS).id(m.stanzaId())
                .document(ArchiveDocument.of(m))));
    }

    private void checkItems(BulkResponse response, List<String> badIds) {
        if (!response.errors()) {
            if (!badIds.isEmpty()) {
                throw badId(badIds);
            }
            return;
        }
        List<BulkResponseItem> retryable = new ArrayList<>();
        List<String> refused = new ArrayList<>(badIds);
        String refusal = badIds.isEmpty() ? null : badId(badIds).getMessage();
        for (BulkResponseItem item : response.items()) {
            ErrorCause error = item.error();
            if (error == null) {
                continue;
            }
            if (isRetryable(item)) {
                retryable.add(item);
            } else {
                refused.add(item.id());
                if (refusal == null) {
                    refusal = "Elasticsearch answered " + item.status() + " " + error.type() + ": " + withoutValues(error.reason());
                }
            }
        }
        if (!retryable.isEmpty()) {
            BulkResponseItem first = retryable.get(0);
            throw new ArchiveWriteException(retryable.size() + " of " + response.items().size()
                    + " messages not stored, Elasticsearch answered " + first.status() + " " + first.error().type()
                    + " for " + first.id() + ": " + withoutValues(first.error().reason()));
        }
        if (!refused.isEmpty()) {
            throw ArchiveRejectedException.named(refused, refusal);
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
