package net.bluemind.xmpp.archive.elasticsearch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.CountResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import net.bluemind.xmpp.spi.ArchivePage;
import net.bluemind.xmpp.spi.ArchiveQuery;
import net.bluemind.xmpp.spi.ArchiveQueryException;
import net.bluemind.xmpp.spi.ArchivedMessage;

/**
 * Answers one MAM query in at most four requests: resolve the referenced ids to timestamps, then the
 * count and the page side by side, then (only when the page starts in the middle) how many precede it.
 *
 * <p>Paging sorts on {@code timestamp}, unique and increasing, and asks for {@code max + 1} documents: the
 * extra one tells whether the page is the last one in its direction without a second request.
 */
final class MamSearch {

    private final ElasticsearchAsyncClient client;

    MamSearch(ElasticsearchAsyncClient client) {
        this.client = client;
    }

    CompletableFuture<ArchivePage> run(ArchiveQuery q) {
        return timestampsOf(q).thenCompose(timestamps -> page(q, timestamps));
    }

    private CompletableFuture<ArchivePage> page(ArchiveQuery q, Map<String, Long> timestamps) {
        List<Query> filters = MamFilters.of(q, timestamps);
        CompletableFuture<Long> count = count(filters);
        if (q.max() == 0) {
            return count.thenApply(n -> new ArchivePage(List.of(), n, n == 0, -1));
        }
        List<Query> paged = new ArrayList<>(filters);
        paged.addAll(MamFilters.paging(q, timestamps));
        return count.thenCombine(slice(q, paged), (n, slice) -> slice.withCount(n))
                .thenCompose(slice -> firstIndex(q, filters, slice)
                        .thenApply(first -> new ArchivePage(slice.messages, slice.count, slice.complete, first)));
    }

    /** The timestamps of the ids the query refers to; fails when one is not in the owner's archive. */
    private CompletableFuture<Map<String, Long>> timestampsOf(ArchiveQuery q) {
        Set<String> ids = new LinkedHashSet<>();
        for (String id : new String[] { q.afterId(), q.beforeId(), q.rsmAfter(), q.rsmBefore() }) {
            if (id != null && !id.isEmpty()) {
                ids.add(id);
            }
        }
        if (ids.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        List<FieldValue> values = ids.stream().map(FieldValue::of).toList();
        Query byIds = MamFilters.all(List.of(MamFilters.term("owner", q.owner()),
                Query.of(b -> b.terms(t -> t.field("stanzaId").terms(v -> v.value(values))))));
        return client.search(s -> s.index(ArchiveIndex.READ_ALIAS).query(byIds).size(ids.size())
                .source(src -> src.filter(f -> f.includes("stanzaId", MamFilters.TIMESTAMP))), ArchiveDocument.class)
                .thenApply(response -> resolved(q.owner(), ids, response));
    }

    private static Map<String, Long> resolved(String owner, Set<String> ids, SearchResponse<ArchiveDocument> response) {
        Map<String, Long> found = response.hits().hits().stream().map(Hit::source)
                .collect(Collectors.toMap(ArchiveDocument::stanzaId, ArchiveDocument::timestamp, (a, b) -> a));
        for (String id : ids) {
            if (!found.containsKey(id)) {
                throw new ArchiveQueryException(ArchiveQueryException.Reason.ITEM_NOT_FOUND,
                        "no message '" + id + "' in the archive of " + owner);
            }
        }
        return found;
    }

    private CompletableFuture<Long> count(List<Query> filters) {
        return client.count(c -> c.index(ArchiveIndex.READ_ALIAS).query(MamFilters.all(filters)))
                .thenApply(CountResponse::count);
    }

    private CompletableFuture<Slice> slice(ArchiveQuery q, List<Query> paged) {
        SortOrder order = q.backwards() ? SortOrder.Desc : SortOrder.Asc;
        return client.search(s -> s.index(ArchiveIndex.READ_ALIAS).query(MamFilters.all(paged)).size(q.max() + 1)
                .trackTotalHits(t -> t.enabled(false))
                .sort(o -> o.field(f -> f.field(MamFilters.TIMESTAMP).order(order))), ArchiveDocument.class)
                .thenApply(response -> Slice.of(response, q.max(), q.backwards()));
    }

    /**
     * The position of the page's first message. Known without asking on the first page going forwards (0)
     * and on the last page ({@code count - size}); otherwise one count of the filtered messages older than
     * it, cheap on an indexed long field.
     */
    private CompletableFuture<Long> firstIndex(ArchiveQuery q, List<Query> filters, Slice slice) {
        if (slice.messages.isEmpty()) {
            return CompletableFuture.completedFuture(-1L);
        }
        if (!q.backwards() && q.rsmAfter() == null) {
            return CompletableFuture.completedFuture(0L);
        }
        if (q.backwards() && q.rsmBefore().isEmpty()) {
            return CompletableFuture.completedFuture(Math.max(0, slice.count - slice.messages.size()));
        }
        List<Query> older = new ArrayList<>(filters);
        older.add(MamFilters.before(slice.messages.get(0).timestamp()));
        return count(older);
    }

    /** A page's messages, oldest first, and whether nothing lies beyond it in the paging direction. */
    private record Slice(List<ArchivedMessage> messages, boolean complete, long count) {

        static Slice of(SearchResponse<ArchiveDocument> response, int max, boolean backwards) {
            List<Hit<ArchiveDocument>> hits = response.hits().hits();
            List<ArchivedMessage> messages = new ArrayList<>(hits.stream().limit(max)
                    .map(hit -> hit.source().toMessage()).toList());
            if (backwards) {
                Collections.reverse(messages);
            }
            return new Slice(messages, hits.size() <= max, -1);
        }

        Slice withCount(long n) {
            return new Slice(messages, complete, n);
        }
    }
}
