package net.bluemind.xmpp.spi;

import java.util.List;

/**
 * A MAM query (XEP-0313 filters with XEP-0059 paging), already validated by the engine. Ids are stanza
 * ids of the owner's archive; every bound is exclusive, every filter is ANDed.
 *
 * @param owner       whose archive
 * @param with        null, or a bare JID (either party's messages with it, any resource), a full JID
 *                    (only with that resource: {@code with} and {@code withResource} both match), or a
 *                    domain (every contact at that domain)
 * @param start       null, or epoch microseconds: only messages at or after
 * @param end         null, or epoch microseconds: only messages at or before
 * @param afterId     null, or only messages after this one (MAM {@code after-id} filter)
 * @param beforeId    null, or only messages before this one (MAM {@code before-id} filter)
 * @param rsmAfter    null, or the page starts after this message (RSM {@code <after/>}); unlike the
 *                    filters it does not narrow {@link ArchivePage#count()}
 * @param rsmBefore   null (page forwards), "" (the last page) or an id (the page ends before this
 *                    message): RSM {@code <before/>}; does not narrow the count either
 * @param ids         empty, or exactly these messages (MAM {@code ids}, urn:xmpp:mam:2#extended)
 * @param fullText    null, or words the body must contain (urn:xmpp:fulltext:0)
 * @param max         page size, at least 0 (0: only the count)
 */
public record ArchiveQuery(String owner, String with, Long start, Long end, String afterId, String beforeId,
                           String rsmAfter, String rsmBefore, List<String> ids, String fullText, int max) {

    public ArchiveQuery {
        ids = ids == null ? List.of() : List.copyOf(ids);
    }

    /** Whether the page is taken from the end of the result set backwards (RSM {@code <before/>}). */
    public boolean backwards() {
        return rsmBefore != null;
    }
}
