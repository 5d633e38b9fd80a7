package net.bluemind.xmpp.spi;

import java.util.List;

/**
 * The archive was reached and refused records of a batch for good: storing them again can only fail the
 * same way (a value too long for its column, a document Elasticsearch cannot index). It is not an outage:
 * the engine does not wait and retry, it sets the refused records aside (a dead-letter file) and goes on.
 *
 * <p>Two shapes, so that each backend says what it knows:
 * <ul>
 * <li>{@link #named}: the listed records were refused and <b>every other record of the batch is
 * stored</b> (a bulk request's per-item errors);</li>
 * <li>{@link #unidentified}: some record of the batch was refused and <b>nothing of the batch is
 * stored</b> (a transaction rolled back); the engine finds the record by storing smaller parts.</li>
 * </ul>
 * A failure of any other type means the archive could not be reached or could not work (connection
 * refused, timeout, 5xx): the engine keeps the batch and tries again later.
 *
 * <p>The message says why in one line, without message contents (it is logged).
 */
public final class ArchiveRejectedException extends RuntimeException {

    private final transient List<String> stanzaIds;

    private ArchiveRejectedException(List<String> stanzaIds, String reason) {
        super(reason, null, false, false);
        this.stanzaIds = List.copyOf(stanzaIds);
    }

    /** These records (by stanza id) were refused; the rest of the batch is stored. */
    public static ArchiveRejectedException named(List<String> stanzaIds, String reason) {
        if (stanzaIds.isEmpty()) {
            throw new IllegalArgumentException("name at least one refused record");
        }
        return new ArchiveRejectedException(stanzaIds, reason);
    }

    /** A record of the batch was refused, which one is not known; nothing of the batch is stored. */
    public static ArchiveRejectedException unidentified(String reason) {
        return new ArchiveRejectedException(List.of(), reason);
    }

    /** The refused records' stanza ids; empty when the backend could not tell which (then nothing was stored). */
    public List<String> stanzaIds() {
        return stanzaIds;
    }

    public boolean identified() {
        return !stanzaIds.isEmpty();
    }
}
