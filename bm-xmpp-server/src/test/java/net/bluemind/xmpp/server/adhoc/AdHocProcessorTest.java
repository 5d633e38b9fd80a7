package net.bluemind.xmpp.server.adhoc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

import net.bluemind.xmpp.server.config.DomainsConfig;
import net.bluemind.xmpp.server.dataforms.DataForm;
import net.bluemind.xmpp.server.local.StaticVHostRepository;
import net.bluemind.xmpp.spi.Route;
import net.bluemind.xmpp.spi.StanzaContext;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;
import net.bluemind.xmpp.xml.StanzaError;
import net.bluemind.xmpp.xml.XmlParser;

/** The XEP-0050 state machine, driven stanza by stanza with a three-stage command and a settable clock. */
class AdHocProcessorTest {

    private static final String WIZARD = "urn:test:wizard";
    private static final String SECRET = "urn:test:secret";

    private final SettableClock clock = new SettableClock();
    private final AdHocProcessor processor = new AdHocProcessor(List.of(new Wizard(), new Secret()),
            new StaticVHostRepository(List.of(new DomainsConfig.StaticDomain("acme.test", List.of("acme.example")),
                    new DomainsConfig.StaticDomain("globex.test", List.of()))),
            clock, Duration.ofMinutes(10));

    @Test
    void walksForwardBackAndToCompletion() {
        Element first = send(user(), "<command xmlns='" + AdHocProcessor.NS + "' node='" + WIZARD + "' action='execute'/>");
        Element cmd = command(first);
        assertEquals("executing", cmd.attribute("status"));
        assertEquals("next", actions(cmd).attribute("execute"));
        assertEquals(List.of("next"), names(actions(cmd)));
        String sid = cmd.attribute("sessionid");
        assertNotNull(sid);

        Element second = command(send(user(), continuing(sid, null, form("name", "ann"))));
        assertEquals("complete", actions(second).attribute("execute"));
        assertEquals(List.of("prev", "complete"), names(actions(second)));

        Element back = command(send(user(), continuing(sid, "prev", "")));
        assertEquals(List.of("next"), names(actions(back)));
        assertEquals("What is your name?", DataForm.findIn(back).title());

        command(send(user(), continuing(sid, "next", form("name", "bea"))));
        Element done = command(send(user(), continuing(sid, "complete", form("color", "red"))));
        assertEquals("completed", done.attribute("status"));
        assertEquals(sid, done.attribute("sessionid"));
        assertEquals("bea likes red", done.childText("note", AdHocProcessor.NS));
        assertEquals(0, processor.openSessions());
    }

    @Test
    void aMissingRequiredFieldIsABadPayloadAndTheSessionGoesOn() {
        String sid = start(user(), WIZARD);
        Element error = send(user(), continuing(sid, "next", form("other", "x")));
        assertError(error, "bad-request", "bad-payload");
        assertEquals("executing", command(send(user(), continuing(sid, "next", form("name", "ann")))).attribute("status"));
    }

    @Test
    void anActionTheStageDoesNotOfferIsABadAction() {
        String sid = start(user(), WIZARD);
        assertError(send(user(), continuing(sid, "complete", form("name", "ann"))), "bad-request", "bad-action");
        assertError(send(user(), continuing(sid, "prev", "")), "bad-request", "bad-action");
        assertEquals("executing", command(send(user(), continuing(sid, "next", form("name", "ann")))).attribute("status"));
        assertError(send(user(), "<command xmlns='" + AdHocProcessor.NS + "' node='" + WIZARD + "' action='next'/>"),
                "bad-request", "bad-action");
    }

    @Test
    void anUnknownActionIsMalformed() {
        assertError(send(user(), "<command xmlns='" + AdHocProcessor.NS + "' node='" + WIZARD + "' action='jump'/>"),
                "bad-request", "malformed-action");
    }

    @Test
    void canceledCompletedAndIdleSessionsHaveExpired() {
        String canceled = start(user(), WIZARD);
        assertEquals("canceled", command(send(user(), continuing(canceled, "cancel", ""))).attribute("status"));
        assertError(send(user(), continuing(canceled, "next", form("name", "ann"))), "not-allowed", "session-expired");

        String idle = start(user(), WIZARD);
        clock.advance(Duration.ofMinutes(11));
        assertError(send(user(), continuing(idle, "next", form("name", "ann"))), "not-allowed", "session-expired");
        assertEquals(0, processor.openSessions());
    }

    @Test
    void aSessionIdNeverIssuedOrSomeoneElsesIsBad() {
        assertError(send(user(), continuing("made-up", "next", form("name", "ann"))), "bad-request", "bad-sessionid");
        String sid = start(user(), WIZARD);
        assertError(send(jid("erin@acme.test/x"), false, continuing(sid, "next", form("name", "ann"))), "bad-request", "bad-sessionid");
        assertEquals("executing", command(send(user(), continuing(sid, "next", form("name", "ann")))).attribute("status"));
    }

    @Test
    void adminCommandsAreForbiddenAndHiddenForOthers() {
        String exec = "<command xmlns='" + AdHocProcessor.NS + "' node='" + SECRET + "'/>";
        Element refused = send(user(), exec);
        assertError(refused, "forbidden", null);
        assertEquals("cancel", refused.firstChild("error", Namespaces.CLIENT).attribute("type"));
        assertEquals(List.of(WIZARD), listed(new Context(user(), false, "acme.test", "")));
        assertNull(processor.info(new Context(user(), false, "acme.test", ""), SECRET));

        EntityFullJid admin = jid("admin@acme.test/console");
        assertEquals(List.of(WIZARD, SECRET), listed(new Context(admin, true, "acme.test", "")));
        assertEquals(List.of(WIZARD, SECRET), listed(new Context(admin, true, "acme.example", "")), "an alias of the domain");
        assertEquals(List.of(WIZARD), listed(new Context(admin, true, "globex.test", "")), "another domain");
        assertEquals("completed", command(send(admin, true, exec)).attribute("status"));
        assertError(send(admin, true, "globex.test", exec), "forbidden", null);
    }

    @Test
    void anUnknownNodeIsNotFound() {
        assertError(send(user(), "<command xmlns='" + AdHocProcessor.NS + "' node='urn:nope'/>"), "item-not-found", null);
    }

    // --- helpers ---

    private static EntityFullJid user() {
        return jid("alice@acme.test/desk");
    }

    private static EntityFullJid jid(String s) {
        try {
            return JidCreate.entityFullFrom(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private String start(EntityFullJid from, String node) {
        return command(send(from, "<command xmlns='" + AdHocProcessor.NS + "' node='" + node + "'/>")).attribute("sessionid");
    }

    private static String continuing(String sid, String action, String payload) {
        return "<command xmlns='" + AdHocProcessor.NS + "' node='" + WIZARD + "' sessionid='" + sid + "'"
                + (action == null ? "" : " action='" + action + "'") + ">" + payload + "</command>";
    }

    private static String form(String var, String value) {
        return "<x xmlns='jabber:x:data' type='submit'><field var='" + var + "'><value>" + value + "</value></field></x>";
    }

    private Element send(EntityFullJid from, String command) {
        return send(from, false, command);
    }

    private Element send(EntityFullJid from, boolean admin, String command) {
        return send(from, admin, "acme.test", command);
    }

    private Element send(EntityFullJid from, boolean admin, String to, String command) {
        Context ctx = new Context(from, admin, to, "<iq type='set' id='c1' to='" + to + "'>" + command + "</iq>");
        processor.process(ctx);
        assertEquals(1, ctx.replies.size(), "one reply");
        return ctx.replies.get(0);
    }

    private List<String> listed(Context ctx) {
        List<String> out = new ArrayList<>();
        for (Element item : processor.items(ctx, AdHocProcessor.NS)) {
            out.add(item.attribute("node"));
        }
        return out;
    }

    private static Element command(Element iq) {
        assertEquals("result", iq.attribute("type"), iq.toString());
        return iq.firstChild("command", AdHocProcessor.NS);
    }

    private static Element actions(Element command) {
        return command.firstChild("actions", AdHocProcessor.NS);
    }

    private static List<String> names(Element e) {
        List<String> out = new ArrayList<>();
        for (Element c : e.childElements()) {
            out.add(c.name());
        }
        return out;
    }

    private static void assertError(Element iq, String condition, String specific) {
        assertEquals("error", iq.attribute("type"), iq.toString());
        Element error = iq.firstChild("error", Namespaces.CLIENT);
        assertNotNull(error.firstChild(condition, Namespaces.STANZA_ERRORS), iq.toString());
        if (specific != null) {
            assertNotNull(error.firstChild(specific, AdHocProcessor.NS), iq.toString());
        }
    }

    /** Three stages: a name, then a color, then the answer. */
    private static final class Wizard implements AdHocCommand {
        @Override
        public String node() {
            return WIZARD;
        }

        @Override
        public String name() {
            return "Wizard";
        }

        @Override
        public boolean adminOnly() {
            return false;
        }

        @Override
        public CompletionStage<CommandStep> step(CommandRequest r) {
            return CompletableFuture.completedFuture(switch (r.stage()) {
                case 0 -> CommandStep.nextForm(DataForm.form("What is your name?").field("name", "text-single", "Name", true).build());
                case 1 -> CommandStep.lastForm(DataForm.form("Favourite color").field("color", "text-single", "Color", true).build());
                default -> CommandStep.completed(null,
                        CommandNote.info(r.submitted().get(0).value("name") + " likes " + r.form().value("color")));
            });
        }
    }

    private static final class Secret implements AdHocCommand {
        @Override
        public String node() {
            return SECRET;
        }

        @Override
        public String name() {
            return "Secret";
        }

        @Override
        public boolean adminOnly() {
            return true;
        }

        @Override
        public CompletionStage<CommandStep> step(CommandRequest r) {
            return CompletableFuture.completedFuture(CommandStep.completed(null, CommandNote.info("for " + r.domain())));
        }
    }

    private static final class Context implements StanzaContext {
        private final EntityFullJid from;
        private final boolean admin;
        private final Jid to;
        private final Element stanza;
        final List<Element> replies = new ArrayList<>();

        Context(EntityFullJid from, boolean admin, String to, String stanza) {
            this.from = from;
            this.admin = admin;
            try {
                this.to = JidCreate.domainBareFrom(to);
            } catch (Exception e) {
                throw new IllegalArgumentException(e);
            }
            this.stanza = stanza.isEmpty() ? Element.empty("iq", Namespaces.CLIENT)
                    : XmlParser.parse(stanza, Namespaces.CLIENT).withAttribute("from", from.toString());
        }

        @Override
        public Element stanza() {
            return stanza;
        }

        @Override
        public EntityFullJid from() {
            return from;
        }

        @Override
        public Jid to() {
            return to;
        }

        @Override
        public Route.Target target() {
            return Route.Target.SERVER;
        }

        @Override
        public boolean senderIsAdmin() {
            return admin;
        }

        @Override
        public void reply(Element reply) {
            replies.add(reply);
        }

        @Override
        public void replyResult(Element payload) {
            Element.Builder b = Element.builder("iq", Namespaces.CLIENT).attribute("type", "result").attribute("id", stanza.attribute("id"));
            if (payload != null) {
                b.child(payload);
            }
            replies.add(b.build());
        }

        @Override
        public void replyError(StanzaError error) {
            replies.add(error.replyTo(stanza));
        }

        @Override
        public void route(Element routed) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Executor background() {
            return Runnable::run;
        }
    }

    private static final class SettableClock extends Clock {
        private Instant now = Instant.parse("2024-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
