package net.bluemind.xmpp.archive.elasticsearch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;
import co.elastic.clients.elasticsearch._types.mapping.Property;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;

/**
 * The fields of the {@code im} index, declared rather than guessed: dynamic mapping would type
 * {@code timecreate} from whichever document came first and analyse JIDs as text.
 *
 * <p>{@code dynamic: false} rather than {@code strict}: a field this version does not know (written by a
 * newer bm-xmpp during a rolling upgrade, or by BlueMind itself) is kept in {@code _source} but not
 * indexed. {@code strict} would reject such a document with a 400, which the writer treats as a poison
 * message and drops: a version skew must never lose messages.
 */
final class ArchiveMapping {

    private ArchiveMapping() {
    }

    static TypeMapping typeMapping() {
        return TypeMapping.of(m -> m.dynamic(DynamicMapping.False).properties(properties()));
    }

    /** Every field this archive reads or writes, BlueMind's first. */
    static Map<String, Property> properties() {
        Map<String, Property> fields = new LinkedHashMap<>();
        fields.put("id", keyword());
        fields.put("from", keyword());
        fields.put("to", keyword());
        fields.put("message", Property.of(p -> p.text(t -> t.analyzer("standard"))));
        fields.put("timecreate", epochNumber());
        for (String name : new String[] { "owner", "with", "type", "stanzaId" }) {
            fields.put(name, keyword());
        }
        for (String name : STORED_ONLY) {
            fields.put(name, storedKeyword());
        }
        fields.put("timestamp", epochNumber());
        // Kept for replay in _source only: neither searched nor sorted on.
        fields.put("stanza", Property.of(p -> p.text(t -> t.index(false))));
        return fields;
    }

    /**
     * Keyword fields the archive only stores, whose values the protocol does not bound (a thread, an
     * origin-id) or bounds above what a keyword term holds: a longer value is kept in {@code _source} and
     * read back whole, but not indexed, instead of the document being refused (Lucene refuses a term over
     * 32,766 bytes; 8,191 characters are at most 32,764 bytes in UTF-8).
     */
    static final List<String> STORED_ONLY = List.of("fromResource", "toResource", "thread", "originId");
    static final int IGNORE_ABOVE = 8_191;

    static Property storedKeyword() {
        return Property.of(p -> p.keyword(k -> k.ignoreAbove(IGNORE_ABOVE)));
    }

    private static Property keyword() {
        return Property.of(p -> p.keyword(k -> k));
    }

    private static Property epochNumber() {
        return Property.of(p -> p.long_(l -> l));
    }
}
