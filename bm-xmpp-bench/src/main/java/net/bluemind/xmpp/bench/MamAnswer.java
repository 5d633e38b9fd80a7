package net.bluemind.xmpp.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * What the server answered to one {@link MamQuery}: the result messages tagged with its queryid, then the closing
 * iq with {@code <fin/>} (or an error), and whether that is what the query should get.
 */
final class MamAnswer {

    private final String queryId;
    private final List<String> ids = new ArrayList<>();
    private final List<String> bodies = new ArrayList<>();
    private boolean finished;
    private boolean hasFin;
    private boolean complete;
    private long count = -1;
    private String error;
    private String errorXml;
    private long latencyNanos;

    MamAnswer(String queryId) {
        this.queryId = queryId;
    }

    /**
     * Takes a message if it is one of this query's results ({@code <result queryid='..'/>} in the MAM namespace).
     *
     * @return false for anything else (a chat message, the result of an abandoned query)
     */
    boolean offer(XmlElement message) {
        XmlElement result = message.child("result", Ns.MAM);
        if (result == null || !queryId.equals(result.attr("queryid"))) {
            return false;
        }
        ids.add(result.attr("id"));
        XmlElement forwarded = result.child("forwarded");
        XmlElement original = forwarded == null ? null : forwarded.child("message");
        XmlElement body = original == null ? null : original.child("body");
        bodies.add(body == null ? null : body.text());
        return true;
    }

    /** The iq of type result that ends the query. */
    void finish(XmlElement iq, long latencyNanos) {
        this.finished = true;
        this.latencyNanos = latencyNanos;
        XmlElement fin = iq.child("fin", Ns.MAM);
        if (fin == null) {
            return;
        }
        hasFin = true;
        complete = "true".equals(fin.attr("complete"));
        XmlElement set = fin.child("set", Ns.RSM);
        XmlElement c = set == null ? null : set.child("count", Ns.RSM);
        if (c != null) {
            try {
                count = Long.parseLong(c.text().trim());
            } catch (NumberFormatException e) {
                count = -1;
            }
        }
    }

    /** The iq of type error that ends the query. */
    void fail(XmlElement iq, long latencyNanos) {
        this.finished = true;
        this.latencyNanos = latencyNanos;
        this.error = iq.condition();
        this.errorXml = iq.toXml();
    }

    List<String> ids() {
        return ids;
    }

    List<String> bodies() {
        return bodies;
    }

    /** The RSM count, or -1 when the fin had none. */
    long count() {
        return count;
    }

    boolean complete() {
        return complete;
    }

    long latencyNanos() {
        return latencyNanos;
    }

    /** The error condition as {@code <item-not-found/>}, or null when the server answered with a result. */
    String error() {
        return error;
    }

    String errorXml() {
        return errorXml;
    }

    /**
     * Checks the answer against what the query must return: null when it does, else what is wrong.
     *
     * @param word for a full-text query, the unique word searched; {@code expectedCount} for a count query: the
     *             number of messages the archive must hold, or -1 when unknown
     */
    String problem(MamQuery q, String word, long expectedCount) {
        if (!finished) {
            return "no answer";
        }
        if (error != null) {
            return "error " + error;
        }
        if (!hasFin) {
            return "result without <fin/>";
        }
        int n = ids.size();
        if (n > Math.max(q.max(), 0)) {
            return n + " results for <max>" + q.max() + "</max>";
        }
        switch (q.kind()) {
        case LAST_PAGE -> {
            if (count < 0) {
                return "no <count/> in <fin/>";
            }
            if (n != Math.min(count, q.max())) {
                return n + " results on the last page of " + count;
            }
        }
        case PAGE_AFTER -> {
            if (n < q.max() && !complete) {
                return n + " results on a page of " + q.max() + " not marked complete";
            }
            if (ids.contains(q.after())) {
                return "the page after " + q.after() + " contains it";
            }
        }
        case FULLTEXT -> {
            if (n != 1) {
                return n + " results for a word sent once";
            }
            String body = bodies.get(0);
            if (body == null || !body.contains(word)) {
                return "the result does not contain the word: " + body;
            }
        }
        case COUNT -> {
            if (count < 0) {
                return "no <count/> in <fin/>";
            }
            if (expectedCount >= 0 && count != expectedCount) {
                return "count " + count + ", expected " + expectedCount;
            }
        }
        }
        return null;
    }
}
