package net.bluemind.xmpp.archive.elasticsearch;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.search.Hit;

/**
 * Changes every document matching a query so that it stops matching (deletes it, or rewrites it without
 * an owner), one page and one bulk request at a time, until none is left.
 *
 * <p>Why not {@code _delete_by_query}: it lives in Elasticsearch's {@code reindex} module, which the
 * distribution we test against lacks, and rewriting a shared message without one owner would need a
 * painless script, which it lacks as well. Searching the first page again after each refreshed bulk
 * needs neither a sort tiebreaker nor a point in time: what was settled no longer matches.
 */
final class DocumentSweep {

    private static final int PAGE = 1000;

    private final ElasticsearchAsyncClient client;

    DocumentSweep(ElasticsearchAsyncClient client) {
        this.client = client;
    }

    /**
     * @param settle what to do with one matching document; the result must no longer match {@code query}
     * @return how many documents were settled
     */
    CompletableFuture<Long> sweep(Query query, Function<Hit<ArchiveDocument>, BulkOperation> settle) {
        return nextPage(query, settle, 0);
    }

    private CompletableFuture<Long> nextPage(Query query, Function<Hit<ArchiveDocument>, BulkOperation> settle,
                                             long doneSoFar) {
        return client.search(s -> s.index(ArchiveIndex.READ_ALIAS).query(query).size(PAGE)
                .trackTotalHits(t -> t.enabled(false)), ArchiveDocument.class).thenCompose(page -> {
                    List<Hit<ArchiveDocument>> hits = page.hits().hits();
                    if (hits.isEmpty()) {
                        return CompletableFuture.completedFuture(doneSoFar);
                    }
                    List<BulkOperation> operations = hits.stream().map(settle).toList();
                    // refresh: the next search must no longer see this page.
                    return client.bulk(b -> b.refresh(Refresh.True).operations(operations)).thenCompose(response -> {
                        failOnErrors(response);
                        long done = doneSoFar + hits.size();
                        return hits.size() < PAGE ? CompletableFuture.completedFuture(done)
                                : nextPage(query, settle, done);
                    });
                });
    }

    /** An item that failed would be found again on the next page: stop rather than loop. */
    private static void failOnErrors(BulkResponse response) {
        response.items().stream().filter(item -> item.error() != null).findFirst().ifPresent(item -> {
            throw new ArchiveWriteException("archive: " + item.status() + " " + item.error().type() + " on "
                    + item.id() + ": " + item.error().reason());
        });
    }

    static BulkOperation delete(Hit<ArchiveDocument> hit) {
        return BulkOperation.of(o -> o.delete(d -> d.index(hit.index()).id(hit.id())));
    }
}
