package net.bluemind.xmpp.server.archive;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.bluemind.xmpp.server.dataforms.DataForm;
import net.bluemind.xmpp.server.dataforms.FormField;
import net.bluemind.xmpp.spi.ArchivePage;
import net.bluemind.xmpp.spi.ArchiveQuery;
import net.bluemind.xmpp.spi.ArchiveQueryException;
import net.bluemind.xmpp.spi.ArchivedMessage;
import net.bluemind.xmpp.spi.MessageArchive;
import net.bluemind.xmpp.spi.Route;
import net.bluemind.xmpp.spi.StanzaContext;
import net.bluemind.xmpp.spi.StanzaProcessor;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;
import net.bluemind.xmpp.xml.StanzaError;
import net.bluemind.xmpp.xml.XmlParser;

/**
 * XEP-0313 Message Archive Management on the user's own archive: the query form, queries with the
 * {@code with}/{@code start}/{@code end}/{@code before-id}/{@code after-id}/{@code ids} filters and the
 * full-text field ({@code {urn:xmpp:fulltext:0}fulltext}), XEP-0059 paging (max, after, before, the
 * last page, count, first index), {@code flip-page}, archive metadata and preferences.
 *
 * <p>Results are sent as the archive answers, off the connection thread; each result message, then
 * the closing iq, goes through the requester's ordered outbound queue.
 */
public final class MamProcessor implements StanzaProcessor {

    public static final String NS = "urn:xmpp:mam:2";
    public static final String EXTENDED = NS + "#extended";
    public static final String FULLTEXT_NS = "urn:xmpp:fulltext:0";
    public static final String FULLTEXT_FIELD = "{" + FULLTEXT_NS + "}fulltext";
    static final String RSM = "http://jabber.org/protocol/rsm";
    static final String FORWARD = "urn:xmpp:forward:0";
    static final String DELAY = "urn:xmpp:delay";
    private static final int DEFAULT_PAGE = 50;
    private static final Set<String> FIELDS = Set.of(DataForm.FORM_TYPE, "with", "start", "end", "before-id", "after-id", "ids",
            FULLTEXT_FIELD);
    private static final Logger log = LoggerFactory.getLogger(MamProcessor.class);
    /** What a result adds around the archived stanza (result, forwarded, delay), for the page's byte limit. */
    private static final int RESULT_OVERHEAD = 300;

    private final MessageArchive archive;
    private final MamPrefs prefs;
    private final int maxPage;
    /** The most bytes of results one page sends: a page of 250 large messages must not pass the session's limit. */
    private final long maxPageBytes;
    private final AtomicLong resultIds = new AtomicLong();

    public MamProcessor(MessageArchive archive, MamPrefs prefs, int maxPage) {
        this(archive, prefs, maxPage, Long.MAX_VALUE);
    }

    /**
     * @param maxPageBytes a page is cut (XEP-0059 allows fewer items than asked, the client pages on) once its
     *                     results weigh this much; at least one result is always sent
     */
    public MamProcessor(MessageArchive archive, MamPrefs prefs, int maxPage, long maxPageBytes) {
        this.archive = archive;
        this.prefs = prefs;
        this.maxPage = maxPage;
        this.maxPageBytes = maxPageBytes;
    }

    @Override
    public String id() {
        return "mam";
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.iq("query", NS, Route.Target.SELF), Route.iq("prefs", NS, Route.Target.SELF),
                Route.iq("metadata", NS, Route.Target.SELF));
    }

    @Override
    public Set<String> discoFeatures(Route.Target target) {
        if (target == Route.Target.SERVER) {
            return Set.of();
        }
        return archive.supportsFullText() ? Set.of(NS, EXTENDED, FULLTEXT_NS) : Set.of(NS, EXTENDED);
    }

    @Override
    public void process(StanzaContext ctx) {
        Element payload = ctx.stanza().firstChildElement();
        boolean get = "get".equals(ctx.stanza().attribute("type"));
        switch (payload.name()) {
            case "query" -> {
                if (get) {
                    ctx.replyResult(Element.builder("query", NS).child(queryForm()).build());
                } else {
                    query(ctx, payload);
                }
            }
            case "prefs" -> prefs(ctx, payload, get);
            default -> {
                if (get) {
                    metadata(ctx);
                } else {
                    ctx.replyError(StanzaError.of(StanzaError.Condition.BAD_REQUEST, "archive metadata is read with a get"));
                }
            }
        }
    }

    private DataForm.Builder formBase() {
        return DataForm.form(null).formType(NS);
    }

    private Element queryForm() {
        DataForm.Builder form = formBase()
                .field("with", "jid-single", null, false)
                .field("start", "text-single", null, false)
                .field("end", "text-single", null, false)
                .field("before-id", "text-single", null, false)
                .field("after-id", "text-single", null, false)
                .field("ids", "list-multi", null, false);
        if (archive.supportsFullText()) {
            form.field(FULLTEXT_FIELD, "text-single", "Search for words", false);
        }
        return form.build().toElement();
    }

    // --- Queries ---

    private void query(StanzaContext ctx, Element query) {
        ArchiveQuery q;
        boolean flip = query.firstChild("flip-page", NS) != null;
        try {
            q = parse(ctx.from().asEntityBareJid().toString(), query);
        } catch (BadQuery e) {
            ctx.replyError(e.error);
            return;
        }
        String queryId = query.attribute("queryid");
        archive.query(q).whenComplete((page, failure) -> {
            if (failure != null) {
                ctx.replyError(errorFor(failure, ctx));
                return;
            }
            send(ctx, q.owner(), queryId, withinBytes(page, q.backwards()), flip);
        });
    }

    /**
     * The page cut to {@link #maxPageBytes}: a forward page keeps its first results, a backward one (the last
     * page, {@code <before/>}) its last, so that paging on from {@code last}/{@code first} misses nothing.
     */
    private ArchivePage withinBytes(ArchivePage page, boolean backwards) {
        List<ArchivedMessage> all = page.messages();
        long bytes = 0;
        int kept = 0;
        for (int i = 0; i < all.size(); i++) {
            ArchivedMessage m = all.get(backwards ? all.size() - 1 - i : i);
            bytes += m.stanza().length() + RESULT_OVERHEAD;
            if (kept > 0 && bytes > maxPageBytes) {
                break;
            }
            kept++;
        }
        if (kept == all.size()) {
            return page;
        }
        int dropped = all.size() - kept;
        List<ArchivedMessage> cut = backwards ? all.subList(dropped, all.size()) : all.subList(0, kept);
        long firstIndex = page.firstIndex() < 0 ? -1 : backwards ? page.firstIndex() + dropped : page.firstIndex();
        return new ArchivePage(cut, page.count(), false, firstIndex);
    }

    private void send(StanzaContext ctx, String owner, String queryId, ArchivePage page, boolean flip) {
        List<ArchivedMessage> messages = page.messages();
        if (flip) {
            messages = new ArrayList<>(messages);
            Collections.reverse(messages);
        }
        for (ArchivedMessage m : messages) {
            Element result = Element.builder("result", NS).attribute("queryid", queryId).attribute("id", m.stanzaId())
                    .child(Element.builder("forwarded", FORWARD)
                            .child(Element.builder("delay", DELAY).attribute("stamp", stamp(m.timestamp())).build())
                            .child(XmlParser.parse(m.stanza(), Namespaces.CLIENT))
                            .build())
                    .build();
            ctx.reply(Element.builder("message", Namespaces.CLIENT).attribute("id", "mam-" + resultIds.incrementAndGet())
                    .child(result).build());
        }
        Element.Builder set = Element.builder("set", RSM);
        if (!messages.isEmpty()) {
            Element.Builder first = Element.builder("first", RSM).text(messages.get(0).stanzaId());
            if (page.firstIndex() >= 0 && !flip) {
                first.attribute("index", Long.toString(page.firstIndex()));
            }
            set.child(first.build());
            set.textChild("last", RSM, messages.get(messages.size() - 1).stanzaId());
        }
        set.textChild("count", RSM, Long.toString(page.count()));
        Element.Builder fin = Element.builder("fin", NS);
        if (queryId != null) {
            fin.attribute("queryid", queryId);
        }
        if (page.complete()) {
            fin.attribute("complete", "true");
        }
        ctx.replyResult(fin.child(set.build()).build());
    }

    private ArchiveQuery parse(String owner, Element query) throws BadQuery {
        DataForm form;
        try {
            form = DataForm.findIn(query);
        } catch (IllegalArgumentException e) {
            throw new BadQuery(StanzaError.Condition.BAD_REQUEST, "the query form is not valid: " + e.getMessage());
        }
        String with = null;
        Long start = null;
        Long end = null;
        String afterId = null;
        String beforeId = null;
        List<String> ids = List.of();
        String fullText = null;
        if (form != null) {
            if (form.formType() != null && !NS.equals(form.formType())) {
                throw new BadQuery(StanzaError.Condition.BAD_REQUEST, "FORM_TYPE must be " + NS);
            }
            for (FormField f : form.fields()) {
                if (f.var() != null && !FIELDS.contains(f.var())) {
                    throw new BadQuery(StanzaError.Condition.FEATURE_NOT_IMPLEMENTED, "the field '" + f.var() + "' is not supported");
                }
            }
            with = normalizeJid(form.value("with"));
            start = time(form.value("start"), "start");
            end = time(form.value("end"), "end");
            afterId = blankToNull(form.value("after-id"));
            beforeId = blankToNull(form.value("before-id"));
            ids = form.values("ids").stream().filter(v -> v != null && !v.isBlank()).toList();
            fullText = blankToNull(form.value(FULLTEXT_FIELD));
            if (fullText != null && !archive.supportsFullText()) {
                throw new BadQuery(StanzaError.Condition.FEATURE_NOT_IMPLEMENTED, "this archive has no full-text search");
            }
        }
        int max = Math.min(DEFAULT_PAGE, maxPage);
        String rsmAfter = null;
        String rsmBefore = null;
        Element set = query.firstChild("set", RSM);
        if (set != null) {
            if (set.firstChild("index", RSM) != null) {
                throw new BadQuery(StanzaError.Condition.FEATURE_NOT_IMPLEMENTED, "paging by index is not supported: use after/before");
            }
            String maxText = set.childText("max", RSM);
            if (maxText != null) {
                try {
                    max = Math.min(Integer.parseInt(maxText.trim()), maxPage);
                } catch (NumberFormatException e) {
                    throw new BadQuery(StanzaError.Condition.BAD_REQUEST, "<max/> is not a number: " + maxText);
                }
                if (max < 0) {
                    throw new BadQuery(StanzaError.Condition.BAD_REQUEST, "<max/> cannot be negative");
                }
            }
            Element after = set.firstChild("after", RSM);
            if (after != null) {
                rsmAfter = after.text().trim();
                if (rsmAfter.isEmpty()) {
                    throw new BadQuery(StanzaError.Condition.BAD_REQUEST, "<after/> needs the id of a result");
                }
            }
            Element before = set.firstChild("before", RSM);
            if (before != null) {
                rsmBefore = before.text().trim();
            }
        }
        return new ArchiveQuery(owner, with, start, end, afterId, beforeId, rsmAfter, rsmBefore, ids, fullText, max);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String normalizeJid(String value) throws BadQuery {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Jid jid = JidCreate.from(value.trim());
            return jid.toString();
        } catch (XmppStringprepException | IllegalArgumentException e) {
            throw new BadQuery(StanzaError.Condition.JID_MALFORMED, "'with' is not a JID: " + value);
        }
    }

    /** An XEP-0082 date-time as microseconds since the epoch. */
    private static Long time(String value, String field) throws BadQuery {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Instant t = OffsetDateTime.parse(value.trim()).toInstant();
            return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
        } catch (DateTimeParseException e) {
            throw new BadQuery(StanzaError.Condition.BAD_REQUEST, "'" + field + "' is not an XEP-0082 date-time: " + value);
        }
    }

    static String stamp(long micros) {
        return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000).toString();
    }

    private StanzaError errorFor(Throwable failure, StanzaContext ctx) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ArchiveQueryException e) {
            return StanzaError.of(e.reason() == ArchiveQueryException.Reason.ITEM_NOT_FOUND
                    ? StanzaError.Condition.ITEM_NOT_FOUND : StanzaError.Condition.FEATURE_NOT_IMPLEMENTED, e.getMessage());
        }
        log.warn("archive query of {} failed: {}", ctx.from(), cause.toString());
        return new StanzaError(StanzaError.Condition.INTERNAL_SERVER_ERROR, StanzaError.Type.WAIT,
                "the archive is unavailable; try again later");
    }

    // --- Metadata (urn:xmpp:mam:2#extended) ---

    private void metadata(StanzaContext ctx) {
        String owner = ctx.from().asEntityBareJid().toString();
        ArchiveQuery oldest = new ArchiveQuery(owner, null, null, null, null, null, null, null, List.of(), null, 1);
        ArchiveQuery newest = new ArchiveQuery(owner, null, null, null, null, null, null, "", List.of(), null, 1);
        archive.query(oldest).thenCombine(archive.query(newest), (first, last) -> {
            Element.Builder m = Element.builder("metadata", NS);
            if (!first.messages().isEmpty()) {
                m.child(bound("start", first.messages().get(0)));
                m.child(bound("end", last.messages().get(last.messages().size() - 1)));
            }
            return m.build();
        }).whenComplete((metadata, failure) -> {
            if (failure != null) {
                ctx.replyError(errorFor(failure, ctx));
            } else {
                ctx.replyResult(metadata);
            }
        });
    }

    private static Element bound(String name, ArchivedMessage m) {
        return Element.builder(name, NS).attribute("id", m.stanzaId()).attribute("timestamp", stamp(m.timestamp())).build();
    }

    // --- Preferences ---

    private void prefs(StanzaContext ctx, Element payload, boolean get) {
        String user = ctx.from().asEntityBareJid().toString();
        if (get) {
            prefs.get(user).whenComplete((p, failure) -> {
                if (failure != null) {
                    ctx.replyError(new StanzaError(StanzaError.Condition.INTERNAL_SERVER_ERROR, StanzaError.Type.WAIT,
                            "the archiving preferences could not be read"));
                } else {
                    ctx.replyResult(p.toElement());
                }
            });
            return;
        }
        MamPrefs.Prefs wanted;
        try {
            wanted = MamPrefs.Prefs.parse(payload);
            for (String jid : wanted.always()) {
                normalizeJid(jid);
            }
            for (String jid : wanted.never()) {
                normalizeJid(jid);
            }
        } catch (IllegalArgumentException e) {
            ctx.replyError(StanzaError.of(StanzaError.Condition.BAD_REQUEST, e.getMessage()));
            return;
        } catch (BadQuery e) {
            ctx.replyError(e.error);
            return;
        }
        prefs.set(user, wanted).whenComplete((stored, failure) -> {
            if (failure != null) {
                ctx.replyError(new StanzaError(StanzaError.Condition.INTERNAL_SERVER_ERROR, StanzaError.Type.WAIT,
                        "the archiving preferences could not be stored"));
            } else {
                ctx.replyResult(stored.toElement());
            }
        });
    }

    /** A query the client got wrong, with the error that says how. */
    private static final class BadQuery extends Exception {
        final transient StanzaError error;

        BadQuery(StanzaError.Condition condition, String text) {
            super(text, null, false, false);
            this.error = StanzaError.of(condition, text);
        }
    }
}
