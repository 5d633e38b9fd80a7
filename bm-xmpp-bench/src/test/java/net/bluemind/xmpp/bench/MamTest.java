package net.bluemind.xmpp.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

/** The mam scenario's pieces: query stanzas, answer checks, fill bodies, the id sample, the query session. */
class MamTest {

    private static final String RESULT_FIN = "<iq type='result' id='%s'><fin xmlns='urn:xmpp:mam:2'%s>"
            + "<set xmlns='http://jabber.org/protocol/rsm'>%s<count>%d</count></set></fin></iq>";

    @Test
    void queryStanzas() {
        assertEquals("<iq type='set' id='q1'><query xmlns='urn:xmpp:mam:2' queryid='q1'>"
                + "<x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field>"
                + "<field var='with'><value>bench2@acme.test</value></field></x>"
                + "<set xmlns='http://jabber.org/protocol/rsm'><max>50</max><before/></set></query></iq>",
                MamQuery.lastPageWith("bench2@acme.test").toXml("q1"));
        assertEquals("<iq type='set' id='q2'><query xmlns='urn:xmpp:mam:2' queryid='q2'>"
                + "<set xmlns='http://jabber.org/protocol/rsm'><max>50</max><after>0190-a&amp;b</after></set>"
                + "</query></iq>", MamQuery.pageAfter("0190-a&b").toXml("q2"));
        assertEquals("<iq type='set' id='q3'><query xmlns='urn:xmpp:mam:2' queryid='q3'>"
                + "<x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field>"
                + "<field var='{urn:xmpp:fulltext:0}fulltext'><value>w7rab</value></field></x>"
                + "<set xmlns='http://jabber.org/protocol/rsm'><max>50</max></set></query></iq>",
                MamQuery.fullText("w7rab").toXml("q3"));
        assertEquals("<iq type='set' id='q4'><query xmlns='urn:xmpp:mam:2' queryid='q4'>"
                + "<set xmlns='http://jabber.org/protocol/rsm'><max>0</max></set></query></iq>",
                MamQuery.count().toXml("q4"));
    }

    @Test
    void kindsTakeTurns() {
        assertEquals(MamQuery.Kind.LAST_PAGE, MamQuery.Kind.forQuery(0));
        assertEquals(MamQuery.Kind.PAGE_AFTER, MamQuery.Kind.forQuery(1));
        assertEquals(MamQuery.Kind.FULLTEXT, MamQuery.Kind.forQuery(2));
        assertEquals(MamQuery.Kind.COUNT, MamQuery.Kind.forQuery(3));
        assertEquals(MamQuery.Kind.LAST_PAGE, MamQuery.Kind.forQuery(400));
        assertEquals(MamQuery.Kind.COUNT, MamQuery.Kind.forQuery(4L * Integer.MAX_VALUE + 3));
    }

    @Test
    void answerGathersItsResultsAndChecksThem() throws Exception {
        MamAnswer a = new MamAnswer("q1");
        assertTrue(a.offer(parse(result("q1", "id-1", "bm:5: hello w1rab"))));
        assertFalse(a.offer(parse(result("q0", "id-0", "an abandoned query's result"))));
        assertFalse(a.offer(parse("<message type='chat'><body>bm:1</body></message>")));
        assertTrue(a.offer(parse(result("q1", "id-2", "bm:6: w2rab"))));
        a.finish(parse(String.format(RESULT_FIN, "q1", " complete='true'", "<first>id-1</first><last>id-2</last>", 2)),
                1234);
        assertEquals(List.of("id-1", "id-2"), a.ids());
        assertEquals("bm:6: w2rab", a.bodies().get(1));
        assertEquals(2, a.count());
        assertTrue(a.complete());
        assertEquals(1234, a.latencyNanos());
        assertNull(a.error());
        assertNull(a.problem(MamQuery.lastPageWith("bench2@acme.test"), null, -1));
        assertNull(a.problem(MamQuery.pageAfter("id-0"), null, -1));
        assertEquals("2 results for a word sent once", a.problem(MamQuery.fullText("w1rab"), "w1rab", -1));
        assertEquals("the page after id-1 contains it", a.problem(MamQuery.pageAfter("id-1"), null, -1));
        assertEquals("2 results for <max>0</max>", a.problem(MamQuery.count(), null, 2));
    }

    @Test
    void wrongAnswersAreNamed() throws Exception {
        MamAnswer shortLastPage = answer("q1", 3, 120, false);
        assertEquals("3 results on the last page of 120",
                shortLastPage.problem(MamQuery.lastPageWith("b@acme.test"), null, -1));
        assertEquals("3 results on a page of 50 not marked complete",
                shortLastPage.problem(MamQuery.pageAfter("x"), null, -1));

        MamAnswer one = answer("q2", 1, 1, true);
        assertNull(one.problem(MamQuery.fullText("w0rab"), "w0rab", -1), "body of result 0 holds w0rab");
        assertEquals("the result does not contain the word: bm:1: w0rab",
                one.problem(MamQuery.fullText("w9rab"), "w9rab", -1));
        assertEquals("0 results for a word sent once",
                answer("q3", 0, 0, true).problem(MamQuery.fullText("w9rab"), "w9rab", -1));

        MamAnswer count = answer("q4", 0, 10100, false);
        assertNull(count.problem(MamQuery.count(), null, 10100));
        assertNull(count.problem(MamQuery.count(), null, -1), "unknown expectation: any count");
        assertEquals("count 10100, expected 10000", count.problem(MamQuery.count(), null, 10000));

        MamAnswer noFin = new MamAnswer("q5");
        noFin.finish(parse("<iq type='result' id='q5'/>"), 1);
        assertEquals("result without <fin/>", noFin.problem(MamQuery.count(), null, -1));
        assertEquals("no answer", new MamAnswer("q6").problem(MamQuery.count(), null, -1));

        MamAnswer error = new MamAnswer("q7");
        error.fail(parse("<iq type='error' id='q7'><error type='cancel'><item-not-found "
                + "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text>no message</text></error></iq>"), 5);
        assertEquals("<item-not-found/>", error.error());
        assertEquals("error <item-not-found/>", error.problem(MamQuery.pageAfter("x"), null, -1));
        assertTrue(error.errorXml().contains("no message"), error.errorXml());
    }

    @Test
    void fillBodiesCarryTheSendTimeAndOneWordOfTheirOwn() {
        int senders = 7;
        int[] slotOf = { 0, 1, 2, 3, -1, -1, 4, 5, 6 };
        ArchiveBodies bodies = new ArchiveBodies("0a1b2c3d", slotOf, senders);
        long[] quotas = ArchiveBodies.quotas(1000, senders);
        assertEquals(1000, java.util.Arrays.stream(quotas).sum());
        assertEquals(143, quotas[0]);
        assertEquals(142, quotas[6]);

        Set<Long> numbers = new HashSet<>();
        List<String> words = new ArrayList<>();
        for (int slot = 0; slot < senders; slot++) {
            for (long seq = 1; seq <= quotas[slot]; seq++) {
                long n = bodies.number(slot, seq);
                assertTrue(numbers.add(n), "number " + n + " used twice");
                words.add(bodies.word(n));
            }
        }
        assertEquals(1000, numbers.size());
        assertTrue(numbers.stream().allMatch(n -> n >= 0 && n < 1000), "numbers 0..999");
        for (String w : words.subList(0, 120)) {
            long containing = words.stream().filter(x -> x.contains(w)).count();
            assertEquals(1, containing, w + " is a substring of another word");
        }

        ChatSender sender = new ChatSender(6, null, null, "bench6@acme.test");
        String body = bodies.body(sender, 3, 123456789L);
        assertEquals(123456789L, ChatPayload.decode(body));
        assertTrue(body.endsWith(" " + bodies.word(bodies.number(4, 3))), body);
        assertEquals(4, bodies.slot(6));
        assertTrue(body.matches("bm:123456789: ([a-z]+ ){2,6}w\\d+r0a1b2c3d"), body);
        Set<String> phrases = new HashSet<>();
        for (long n = 0; n < 100; n++) {
            String t = bodies.text(n);
            phrases.add(t.substring(0, t.lastIndexOf(' ')));
        }
        assertTrue(phrases.size() > 90, "the common words vary: " + phrases.size() + " phrases of 100");
    }

    @Test
    void idSampleIsBoundedAndUniform() {
        IdSample empty = new IdSample(4, 1);
        assertNull(empty.pick(new SplittableRandom(1)));
        empty.offer(null);
        assertEquals(0, empty.size());

        int[] kept = new int[10];
        for (int run = 0; run < 2000; run++) {
            IdSample s = new IdSample(2, run);
            for (int i = 0; i < 10; i++) {
                s.offer("id" + i);
            }
            assertEquals(2, s.size());
            assertEquals(10, s.seen());
            SplittableRandom r = new SplittableRandom(run);
            kept[Integer.parseInt(s.pick(r).substring(2))]++;
        }
        for (int i = 0; i < 10; i++) {
            // each id is kept with probability 1/5 and picked with 1/2 of that: ~200 of 2000
            assertTrue(kept[i] > 120 && kept[i] < 290, "id" + i + " picked " + kept[i] + " times");
        }
    }

    @Test
    void sessionTimesOneQueryAtATimeOverTheConnection() throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel();
        Listener listener = new Listener();
        XmppClientConnection conn = new XmppClientConnection(XmppClientConnectionTest.plain(false), "bench1", listener);
        MamSession session = new MamSession(0, conn, ch.eventLoop(), 0, 0, "bench2@acme.test", 60_000);
        conn.attach(session);
        ch.pipeline().addLast(conn);
        ch.pipeline().fireChannelActive();
        logIn(ch);
        assertTrue(conn.isOnline());

        CompletableFuture<MamAnswer> f = session.query(MamQuery.lastPageWith("bench2@acme.test"));
        ch.runPendingTasks();
        String sent = XmppClientConnectionTest.clientWrote(ch);
        assertEquals(MamQuery.lastPageWith("bench2@acme.test").toXml("q0-1"), sent);
        CompletableFuture<MamAnswer> busy = session.query(MamQuery.count());
        ch.runPendingTasks();
        assertInstanceOf(IllegalStateException.class, cause(busy), "one query at a time");

        XmppClientConnectionTest.serverSends(ch, result("q0-1", "a", "bm:1: x") + result("q0-1", "b", "bm:2: y")
                + String.format(RESULT_FIN, "q0-1", "", "<first index='8'>a</first><last>b</last>", 10));
        assertTrue(f.isDone());
        MamAnswer a = f.get();
        assertEquals(List.of("a", "b"), a.ids());
        assertEquals(10, a.count());
        assertTrue(a.latencyNanos() > 0);

        CompletableFuture<MamAnswer> e = session.query(MamQuery.pageAfter("zz"));
        ch.runPendingTasks();
        XmppClientConnectionTest.clientWrote(ch);
        XmppClientConnectionTest.serverSends(ch, "<iq type='error' id='q0-2'><error type='cancel'><item-not-found "
                + "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
        assertEquals("<item-not-found/>", e.get().error());

        CompletableFuture<MamAnswer> late = session.query(MamQuery.count());
        ch.runPendingTasks();
        ch.advanceTimeBy(61, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertInstanceOf(MamSession.NoAnswer.class, cause(late));
        assertEquals("no answer within 60 s", cause(late).getMessage());
        XmppClientConnectionTest.serverSends(ch, String.format(RESULT_FIN, "q0-3", "", "", 10));
        CompletableFuture<MamAnswer> next = session.query(MamQuery.count());
        ch.runPendingTasks();
        assertFalse(next.isDone(), "the late answer of the abandoned query is not taken for the next one");
        assertTrue(XmppClientConnectionTest.clientWrote(ch).contains("id='q0-4'"));
    }

    @Test
    void fillStopsEachSenderAtItsLimit() {
        EmbeddedChannel ch = new EmbeddedChannel();
        MessageStats stats = new MessageStats();
        LoopTraffic traffic = new LoopTraffic(ch.eventLoop(), stats, 2, (s, seq, now) -> ChatPayload.encode(now,
                "hello w" + seq));
        XmppClientConnection conn = new XmppClientConnection(XmppClientConnectionTest.plain(true), "bench1",
                new Listener());
        ChatSender me = new ChatSender(0, conn, traffic, "bench2@acme.test");
        ChatSender partner = new ChatSender(1, null, traffic, "bench1@acme.test");
        me.partner = partner;
        partner.partner = me;
        me.limit = 3;
        conn.attach(me);
        ch.pipeline().addLast(conn);
        ch.pipeline().fireChannelActive();
        logIn(ch);
        traffic.add(me);

        traffic.start(0);
        ch.runPendingTasks();
        String wrote = XmppClientConnectionTest.clientWrote(ch);
        assertEquals(2, wrote.split("<message ", -1).length - 1, "a window of 2: " + wrote);
        assertTrue(wrote.contains("hello w1</body>") && wrote.contains("hello w2</body>"), wrote);

        XmlElement arrived = parseQuietly(
                "<message><body>" + ChatPayload.encode(System.nanoTime(), "x") + "</body></message>");
        traffic.delivered(partner, arrived, System.nanoTime());
        ch.runPendingTasks();
        assertTrue(XmppClientConnectionTest.clientWrote(ch).contains("hello w3</body>"), "one more within the limit");
        traffic.delivered(partner, arrived, System.nanoTime());
        traffic.delivered(partner, arrived, System.nanoTime());
        ch.runPendingTasks();
        assertEquals("", XmppClientConnectionTest.clientWrote(ch), "nothing past the limit");
        assertEquals(3, me.sent());
        assertEquals(3, stats.sent.sum());
        assertEquals(3, partner.received);
        assertEquals(0, me.inFlight);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    /** Hands the connection's events to the session, as the scenario does. */
    private static final class Listener implements ConnectionListener {
        @Override
        public void onOnline(XmppClientConnection c) {
        }

        @Override
        public void onLoginFailed(XmppClientConnection c, LoginFailure failure) {
        }

        @Override
        public void onMessage(XmppClientConnection c, XmlElement message, long nowNanos) {
            ((MamSession) c.attachment()).onMessage(message);
        }

        @Override
        public void onIqResult(XmppClientConnection c, XmlElement iq, long nowNanos) {
            ((MamSession) c.attachment()).onIqResult(iq, nowNanos);
        }

        @Override
        public void onStanzaError(XmppClientConnection c, XmlElement stanza) {
            ((MamSession) c.attachment()).onIqError(stanza, System.nanoTime());
        }
    }

    private static void logIn(EmbeddedChannel ch) {
        XmppClientConnectionTest.serverSends(ch,
                XmppClientConnectionTest.SERVER_HEADER + XmppClientConnectionTest.SASL_FEATURES);
        XmppClientConnectionTest.serverSends(ch, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
        XmppClientConnectionTest.serverSends(ch,
                XmppClientConnectionTest.SERVER_HEADER + XmppClientConnectionTest.BIND_FEATURES);
        XmppClientConnectionTest.serverSends(ch, "<iq type='result' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                + "<jid>bench1@acme.test/r-mam0</jid></bind></iq>");
        XmppClientConnectionTest.clientWrote(ch);
    }

    private static Throwable cause(CompletableFuture<?> f) {
        assertTrue(f.isCompletedExceptionally());
        try {
            f.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static String result(String queryId, String id, String body) {
        return "<message id='mam-1' to='bench1@acme.test/r'><result xmlns='urn:xmpp:mam:2' queryid='" + queryId
                + "' id='" + id + "'><forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' "
                + "stamp='2026-11-24T04:00:00Z'/><message xmlns='jabber:client' from='bench2@acme.test/r' "
                + "to='bench1@acme.test/r' type='chat' id='7'><body>" + body + "</body></message></forwarded></result>"
                + "</message>";
    }

    /** An answer with {@code results} results (bodies "bm:1: w0rab", ...), the count and the complete flag. */
    private static MamAnswer answer(String queryId, int results, long count, boolean complete) throws Exception {
        MamAnswer a = new MamAnswer(queryId);
        for (int i = 0; i < results; i++) {
            assertTrue(a.offer(parse(result(queryId, "id" + i, "bm:1: w" + i + "rab"))));
        }
        a.finish(parse(String.format(RESULT_FIN, queryId, complete ? " complete='true'" : "", "", count)), 1);
        return a;
    }

    private static XmlElement parseQuietly(String stanza) {
        try {
            return parse(stanza);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** One stanza as the client's parser sees it. */
    private static XmlElement parse(String stanza) throws Exception {
        List<XmlElement> got = new ArrayList<>();
        XmppStreamParser p = new XmppStreamParser(new XmppStreamParser.Handler() {
            @Override
            public void streamOpened(XmlElement header) {
            }

            @Override
            public void element(XmlElement element) {
                got.add(element);
            }

            @Override
            public void streamClosed() {
            }
        });
        p.feed(Unpooled.copiedBuffer("<stream:stream xmlns='jabber:client' "
                + "xmlns:stream='http://etherx.jabber.org/streams'>" + stanza, StandardCharsets.UTF_8));
        assertEquals(1, got.size(), stanza);
        return got.get(0);
    }
}
