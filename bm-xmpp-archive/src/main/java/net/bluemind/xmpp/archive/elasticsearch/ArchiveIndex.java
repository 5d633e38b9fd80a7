package net.bluemind.xmpp.archive.elasticsearch;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.mapping.Property;
import co.elastic.clients.elasticsearch.indices.GetMappingResponse;
import co.elastic.clients.elasticsearch.indices.get_mapping.IndexMappingRecord;

/**
 * The index behind BlueMind's {@code im} aliases, made ready lazily: the first store or query that
 * reaches Elasticsearch creates it (or completes an older BlueMind index's mapping), so that the server
 * starts while Elasticsearch is down and the engine's spool carries messages until it is back. A failed
 * attempt is forgotten and the next call tries again.
 */
final class ArchiveIndex {

    static final String WRITE_ALIAS = "im_write_alias";
    static final String READ_ALIAS = "im_read_alias";

    private static final Logger log = LoggerFactory.getLogger(ArchiveIndex.class);

    private final ElasticsearchAsyncClient client;
    private final ElasticsearchSettings settings;
    private final LongSupplier epochSeconds;
    private CompletableFuture<Void> ready;

    ArchiveIndex(ElasticsearchAsyncClient client, ElasticsearchSettings settings, LongSupplier epochSeconds) {
        this.client = client;
        this.settings = settings;
        this.epochSeconds = epochSeconds;
    }

    /** Completes once both aliases lead to an index with every field of {@link ArchiveMapping}. */
    synchronized CompletableFuture<Void> ensure() {
        if (ready == null || ready.isCompletedExceptionally()) {
            ready = check();
        }
        return ready;
    }

    /** The index vanished behind our back (deleted by an admin): check again on the next call. */
    synchronized void forget() {
        ready = null;
    }

    private CompletableFuture<Void> check() {
        return writeAliasExists().thenCompose(exists -> exists ? complete() : create());
    }

    private CompletableFuture<Boolean> writeAliasExists() {
        return client.indices().existsAlias(e -> e.name(WRITE_ALIAS)).thenApply(r -> r.value());
    }

    private CompletableFuture<Void> create() {
        String name = "im_" + epochSeconds.getAsLong();
        return client.indices()
                .create(c -> c.index(name)
                        .settings(s -> s.numberOfShards(Integer.toString(settings.shards()))
                                .numberOfReplicas(Integer.toString(settings.replicas())))
                        .mappings(ArchiveMapping.typeMapping())
                        .aliases(WRITE_ALIAS, a -> a.isWriteIndex(true))
                        .aliases(READ_ALIAS, a -> a))
                .thenAccept(r -> log.info("archive: created index {} behind {} and {}", name, WRITE_ALIAS, READ_ALIAS))
                // Another bm-xmpp may have created it at the same time: use theirs.
                .exceptionallyCompose(failure -> writeAliasExists()
                        .thenCompose(exists -> exists ? complete() : CompletableFuture.failedFuture(failure)));
    }

    /** Adds the fields an older index lacks (additive only) and the read alias if it is missing. */
    private CompletableFuture<Void> complete() {
        return client.indices().getMapping(g -> g.index(WRITE_ALIAS))
                .thenCompose(mappings -> CompletableFuture.allOf(mappings.result().entrySet().stream()
                        .map(e -> addMissingFields(e.getKey(), e.getValue()))
                        .toArray(CompletableFuture[]::new)))
                .thenCompose(v -> addReadAlias());
    }

    private CompletableFuture<Void> addMissingFields(String index, IndexMappingRecord mapping) {
        Map<String, Property> existing = mapping.mappings().properties();
        Map<String, Property> missing = new HashMap<>(ArchiveMapping.properties());
        missing.keySet().removeAll(existing.keySet());
        // An index made before ignore_above was set refuses an over-long thread: ignore_above is one of
        // the few settings an existing field takes.
        for (String name : ArchiveMapping.STORED_ONLY) {
            Property p = existing.get(name);
            if (p != null && p.isKeyword() && p.keyword().ignoreAbove() == null) {
                missing.put(name, ArchiveMapping.storedKeyword());
            }
        }
        if (missing.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return client.indices().putMapping(p -> p.index(index).properties(missing))
                .thenAccept(r -> log.info("archive: added fields {} to index {}", missing.keySet(), index));
    }

    private CompletableFuture<Void> addReadAlias() {
        return client.indices().existsAlias(e -> e.name(READ_ALIAS)).thenCompose(exists -> exists.value()
                ? CompletableFuture.<Void>completedFuture(null)
                : client.indices().getMapping(g -> g.index(WRITE_ALIAS)).thenCompose(this::aliasAsReadable));
    }

    private CompletableFuture<Void> aliasAsReadable(GetMappingResponse writeIndex) {
        String index = writeIndex.result().keySet().iterator().next();
        return client.indices().putAlias(a -> a.index(index).name(READ_ALIAS))
                .thenAccept(r -> log.info("archive: added alias {} to index {}", READ_ALIAS, index));
    }
}
