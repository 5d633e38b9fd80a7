package net.bluemind.xmpp.bench;

/**
 * One XEP-0313 query of the mam scenario and its wire form. The queries a client sends to its own archive, so the
 * iq has no {@code to}; the iq id doubles as the {@code queryid} that tags the result messages.
 *
 * @param with     the contact's bare JID (form field {@code with}), or null
 * @param fullText the words to search ({@code {urn:xmpp:fulltext:0}fulltext}), or null
 * @param after    RSM {@code <after/>}: the result id the page starts after, or null
 * @param lastPage RSM {@code <before/>} empty: the last page
 * @param max      RSM {@code <max/>}; 0 asks for the count only
 */
record MamQuery(Kind kind, String with, String fullText, String after, boolean lastPage, int max) {

    /** The mix of the scenario, in the order it cycles through them. */
    enum Kind {
        LAST_PAGE("last_page"), PAGE_AFTER("page_after"), FULLTEXT("fulltext"), COUNT("count");

        /** Name in the report's keys. */
        final String label;

        Kind(String label) {
            this.label = label;
        }

        /** Query number {@code n} (0-based) of a run: the kinds in turn, so each gets a quarter of the queries. */
        static Kind forQuery(long n) {
            Kind[] all = values();
            return all[(int) Math.floorMod(n, (long) all.length)];
        }
    }

    static final int PAGE = 50;

    /** (a) the last page of the conversation with {@code contact}. */
    static MamQuery lastPageWith(String contact) {
        return new MamQuery(Kind.LAST_PAGE, contact, null, null, true, PAGE);
    }

    /** (b) the page that follows result {@code id}. */
    static MamQuery pageAfter(String id) {
        return new MamQuery(Kind.PAGE_AFTER, null, null, id, false, PAGE);
    }

    /** (c) the messages holding {@code word}. */
    static MamQuery fullText(String word) {
        return new MamQuery(Kind.FULLTEXT, null, word, null, false, PAGE);
    }

    /** (d) how many messages the archive holds: no results, only the RSM count. */
    static MamQuery count() {
        return new MamQuery(Kind.COUNT, null, null, null, false, 0);
    }

    /** The query iq, with {@code id} as both the iq id and the queryid. */
    String toXml(String id) {
        String eid = ClientStanzas.escape(id);
        StringBuilder sb = new StringBuilder(320);
        sb.append("<iq type='set' id='").append(eid).append("'><query xmlns='").append(Ns.MAM).append("' queryid='")
                .append(eid).append("'>");
        if (with != null || fullText != null) {
            sb.append("<x xmlns='").append(Ns.DATA_FORMS).append("' type='submit'>");
            field(sb, "FORM_TYPE", Ns.MAM, true);
            if (with != null) {
                field(sb, "with", with, false);
            }
            if (fullText != null) {
                field(sb, Ns.FULLTEXT_FIELD, fullText, false);
            }
            sb.append("</x>");
        }
        sb.append("<set xmlns='").append(Ns.RSM).append("'><max>").append(max).append("</max>");
        if (after != null) {
            sb.append("<after>").append(ClientStanzas.escape(after)).append("</after>");
        }
        if (lastPage) {
            sb.append("<before/>");
        }
        return sb.append("</set></query></iq>").toString();
    }

    private static void field(StringBuilder sb, String var, String value, boolean hidden) {
        sb.append("<field var='").append(ClientStanzas.escape(var)).append('\'');
        if (hidden) {
            sb.append(" type='hidden'");
        }
        sb.append("><value>").append(ClientStanzas.escape(value)).append("</value></field>");
    }
}
