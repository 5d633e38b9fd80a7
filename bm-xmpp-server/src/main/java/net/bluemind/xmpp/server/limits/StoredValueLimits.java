package net.bluemind.xmpp.server.limits;

import net.bluemind.xmpp.xml.StanzaError;

/**
 * The lengths a stored value may have, in bytes of UTF-8 (what RFC 7622 counts, and what PostgreSQL's
 * index entries are measured in). Pure functions; the callers answer {@code not-acceptable} (type modify)
 * with {@link #tooLong}: RFC 6121 §2.3.3 prescribes it for a roster name or group over a server-configured
 * limit, XEP-0049 and XEP-0060 use it for a request the server will not store, and it says "change the
 * request", unlike {@code resource-constraint} (type wait: "try later", which would never succeed).
 */
public final class StoredValueLimits {

    /**
     * An identifier stored as a key part: a PEP node or item id, a private XML element's name or namespace.
     * The protocol sets no limit; 1023 bytes is RFC 7622's for a JID part, and fits the VARCHAR(1024) columns.
     */
    public static final int IDENTIFIER_BYTES = 1023;

    /** A roster item's name or one of its groups (RFC 6121 §2.3.3 "server-configured limit"). */
    public static final int ROSTER_TEXT_BYTES = 1023;

    /**
     * All the key parts of one stored row together (the owner's bare JID and the contact, the node and
     * item id...). PostgreSQL refuses a b-tree index entry over 2704 bytes (8 kB pages, btree version 4);
     * 2600 leaves room for the entry's header, the values' length prefixes and alignment. A contact's bare
     * JID (at most 2047 bytes) therefore fits beside any owner of up to 553 bytes, a full JID (3071 bytes)
     * never does.
     */
    public static final int KEY_BYTES = 2600;

    private StoredValueLimits() {
    }

    /** The length of {@code s} in UTF-8 (as {@code getBytes(UTF_8)} counts it), without encoding it. */
    public static int utf8Length(CharSequence s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n++; // unpaired (never in parsed XML): the encoder writes '?'
            } else {
                n += 3;
            }
        }
        return n;
    }

    public static boolean fitsIdentifier(String value) {
        return value == null || utf8Length(value) <= IDENTIFIER_BYTES;
    }

    public static boolean fitsRosterText(String value) {
        return value == null || utf8Length(value) <= ROSTER_TEXT_BYTES;
    }

    /** Whether these key parts of one row (nulls count for nothing) fit an index entry on every database. */
    public static boolean fitsKey(String... parts) {
        int total = 0;
        for (String p : parts) {
            if (p != null) {
                total += utf8Length(p);
            }
        }
        return total <= KEY_BYTES;
    }

    /** The error for a value over its limit: {@code not-acceptable}, naming the value and the limit. */
    public static StanzaError tooLong(String what, int limitBytes) {
        return StanzaError.of(StanzaError.Condition.NOT_ACCEPTABLE, what + " is longer than this server stores (" + limitBytes
                + " bytes in UTF-8)");
    }

    /** The error for key parts that do not fit together. */
    public static StanzaError keyTooLong(String what) {
        return tooLong(what + " together with your JID", KEY_BYTES);
    }
}
