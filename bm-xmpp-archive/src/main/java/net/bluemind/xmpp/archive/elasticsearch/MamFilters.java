package net.bluemind.xmpp.archive.elasticsearch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.json.JsonData;
import net.bluemind.xmpp.spi.ArchiveQuery;

/**
 * Translates a MAM query into Elasticsearch filters. Every clause is a filter (no scoring); message ids
 * have already been resolved to their {@code timestamp}, the archive's order.
 */
final class MamFilters {

    static final String TIMESTAMP = "timestamp";

    private MamFilters() {
    }

    /** What narrows the count: owner, with, start, end, after-id, before-id, ids, full text. */
    static List<Query> of(ArchiveQuery q, Map<String, Long> timestamps) {
        List<Query> filters = new ArrayList<>();
        filters.add(term("owner", q.owner()));
        if (q.with() != null) {
            filters.add(with(q.owner(), q.with()));
        }
        if (q.start() != null) {
            filters.add(Query.of(b -> b.range(r -> r.untyped(u -> u.field(TIMESTAMP).gte(JsonData.of(q.start()))))));
        }
        if (q.end() != null) {
            filters.add(Query.of(b -> b.range(r -> r.untyped(u -> u.field(TIMESTAMP).lte(JsonData.of(q.end()))))));
        }
        if (q.afterId() != null) {
            filters.add(after(timestamps.get(q.afterId())));
        }
        if (q.beforeId() != null) {
            filters.add(before(timestamps.get(q.beforeId())));
        }
        if (!q.ids().isEmpty()) {
            List<FieldValue> ids = q.ids().stream().map(FieldValue::of).toList();
            filters.add(Query.of(b -> b.terms(t -> t.field("stanzaId").terms(v -> v.value(ids)))));
        }
        if (q.fullText() != null) {
            filters.add(Query.of(b -> b.match(m -> m.field("message").query(q.fullText()).operator(Operator.And))));
        }
        return filters;
    }

    /** The RSM bounds, which page through the filtered set without narrowing its count. */
    static List<Query> paging(ArchiveQuery q, Map<String, Long> timestamps) {
        List<Query> bounds = new ArrayList<>();
        if (q.rsmAfter() != null) {
            bounds.add(after(timestamps.get(q.rsmAfter())));
        }
        if (q.rsmBefore() != null && !q.rsmBefore().isEmpty()) {
            bounds.add(before(timestamps.get(q.rsmBefore())));
        }
        return bounds;
    }

    static Query all(List<Query> filters) {
        return Query.of(b -> b.bool(bool -> bool.filter(filters)));
    }

    static Query before(long timestamp) {
        return Query.of(b -> b.range(r -> r.untyped(u -> u.field(TIMESTAMP).lt(JsonData.of(timestamp)))));
    }

    static Query term(String field, String value) {
        return Query.of(b -> b.term(t -> t.field(field).value(value)));
    }

    private static Query after(long timestamp) {
        return Query.of(b -> b.range(r -> r.untyped(u -> u.field(TIMESTAMP).gt(JsonData.of(timestamp)))));
    }

    /** A bare JID, a full JID (the other party's resource must match too) or a domain. */
    private static Query with(String owner, String with) {
        int slash = with.indexOf('/');
        if (slash >= 0) {
            return withResource(with.substring(0, slash), with.substring(slash + 1));
        }
        if (!with.contains("@")) {
            return withDomain(owner, with);
        }
        if (with.equals(owner)) {
            // Notes to self: "with" holds the owner in every message of the archive.
            return all(List.of(term("from", owner), term("to", owner)));
        }
        return term("with", with);
    }

    private static Query withResource(String bare, String resource) {
        Query sentByThem = all(List.of(term("from", bare), term("fromResource", resource)));
        Query sentToThem = all(List.of(term("to", bare), term("toResource", resource)));
        return Query.of(b -> b.bool(bool -> bool.should(sentByThem, sentToThem).minimumShouldMatch("1")));
    }

    /** The party who is not the owner is at the domain (or is the domain itself, a service). */
    private static Query withDomain(String owner, String domain) {
        Query sentByThem = all(List.of(atDomain("from", domain), term("to", owner)));
        Query sentToThem = all(List.of(atDomain("to", domain), term("from", owner)));
        Query noteToSelf = all(List.of(term("from", owner), term("to", owner)));
        return Query.of(b -> b.bool(bool -> bool.should(sentByThem, sentToThem).minimumShouldMatch("1")
                .mustNot(noteToSelf)));
    }

    private static Query atDomain(String field, String domain) {
        Query user = Query.of(b -> b.wildcard(w -> w.field(field).value("*@" + escapeWildcard(domain))));
        return Query.of(b -> b.bool(bool -> bool.should(user, term(field, domain)).minimumShouldMatch("1")));
    }

    private static String escapeWildcard(String text) {
        return text.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?");
    }
}
