package net.bluemind.xmpp.archive.elasticsearch;

import java.util.concurrent.CompletableFuture;

import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.search.Hit;

/**
 * Removes one owner's archive. A message held by nobody else is deleted; one the other party holds too is
 * rewritten without this owner, so that their archive (and BlueMind's reader) keep it. Either way the
 * document stops matching {@code owner:X}, which is what lets {@link DocumentSweep} go page by page.
 */
final class OwnerRemoval {

    private final DocumentSweep sweep;

    OwnerRemoval(DocumentSweep sweep) {
        this.sweep = sweep;
    }

    CompletableFuture<Void> remove(String owner) {
        return sweep.sweep(MamFilters.term("owner", owner), hit -> withoutOwner(owner, hit)).thenApply(n -> null);
    }

    private static BulkOperation withoutOwner(String owner, Hit<ArchiveDocument> hit) {
        ArchiveDocument rest = hit.source().withoutOwner(owner);
        if (rest.owner().isEmpty()) {
            return DocumentSweep.delete(hit);
        }
        return BulkOperation.of(o -> o.index(i -> i.index(hit.index()).id(hit.id()).document(rest)));
    }
}
