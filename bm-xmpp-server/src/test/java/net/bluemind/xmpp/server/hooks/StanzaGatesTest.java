package net.bluemind.xmpp.server.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.xml.Element;

class StanzaGatesTest {

    private static final Element MESSAGE = Element.builder("message", "jabber:client").attribute("to", "bob@acme.test").build();

    /** A gate that records that it was asked, then lets the stanza go on or keeps it. */
    private record Recording(String name, boolean lets, List<String> asked) implements StanzaGate {
        @Override
        public void pass(ClientSession sender, Element stanza, Jid to, Runnable next) {
            asked.add(name);
            if (lets) {
                next.run();
            }
        }

        @Override
        public void passFromRemote(Jid from, Jid to, Runnable next, Runnable refused) {
            asked.add(name);
            (lets ? next : refused).run();
        }

        @Override
        public boolean separates(EntityFullJid from, Jid to) {
            asked.add(name);
            return !lets;
        }
    }

    @Test
    void withoutGatesEverythingGoesOn() throws Exception {
        StanzaHooks hooks = new StanzaHooks();
        assertSame(StanzaGate.OPEN, hooks.gate());
        List<String> routed = new ArrayList<>();
        hooks.gate().pass(null, MESSAGE, JidCreate.from("bob@acme.test"), () -> routed.add("routed"));
        assertEquals(List.of("routed"), routed);
        assertFalse(hooks.gate().separates(JidCreate.entityFullFrom("alice@acme.test/phone"), JidCreate.from("bob@acme.test")));
    }

    @Test
    void aStanzaGoesOnWhenEveryGateLetsItInTheOrderTheyWereAdded() throws Exception {
        StanzaHooks hooks = new StanzaHooks();
        List<String> asked = new ArrayList<>();
        hooks.addGate("blocking", new Recording("blocking", true, asked));
        hooks.addGate("quarantine", new Recording("quarantine", true, asked));
        hooks.gate().pass(null, MESSAGE, JidCreate.from("bob@acme.test"), () -> asked.add("routed"));
        assertEquals(List.of("blocking", "quarantine", "routed"), asked);
        assertTrue(hooks.toString().startsWith("stanza/gate [blocking, quarantine], "), hooks.toString());
    }

    @Test
    void aGateThatKeepsTheStanzaStopsItBeforeTheNextGate() throws Exception {
        StanzaHooks hooks = new StanzaHooks();
        List<String> asked = new ArrayList<>();
        hooks.addGate("blocking", new Recording("blocking", false, asked));
        hooks.addGate("quarantine", new Recording("quarantine", true, asked));
        hooks.gate().pass(null, MESSAGE, JidCreate.from("bob@acme.test"), () -> asked.add("routed"));
        assertEquals(List.of("blocking"), asked);
    }

    @Test
    void aStanzaFromAnotherServerIsRefusedByTheFirstGateThatRefusesIt() throws Exception {
        StanzaHooks hooks = new StanzaHooks();
        List<String> asked = new ArrayList<>();
        hooks.addGate("blocking", new Recording("blocking", true, asked));
        hooks.addGate("quarantine", new Recording("quarantine", false, asked));
        hooks.gate().passFromRemote(JidCreate.from("eve@other.test"), JidCreate.from("bob@acme.test"), () -> asked.add("delivered"),
                () -> asked.add("refused"));
        assertEquals(List.of("blocking", "quarantine", "refused"), asked);
    }

    @Test
    void twoEntitiesAreSeparatedWhenAnyGateSeparatesThem() throws Exception {
        StanzaHooks hooks = new StanzaHooks();
        List<String> asked = new ArrayList<>();
        hooks.addGate("open", new Recording("open", true, asked));
        EntityFullJid alice = JidCreate.entityFullFrom("alice@acme.test/phone");
        assertFalse(hooks.gate().separates(alice, JidCreate.from("bob@acme.test")));
        hooks.addGate("blocking", new Recording("blocking", false, asked));
        assertTrue(hooks.gate().separates(alice, JidCreate.from("bob@acme.test")));
    }
}
