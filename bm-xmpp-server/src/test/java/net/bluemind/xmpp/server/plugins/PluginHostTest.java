package net.bluemind.xmpp.server.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.server.config.DomainsConfig;
import net.bluemind.xmpp.server.engine.InMemoryEngine;
import net.bluemind.xmpp.server.hooks.StanzaHooks;
import net.bluemind.xmpp.server.local.StaticVHostRepository;
import net.bluemind.xmpp.spi.PluginContext;
import net.bluemind.xmpp.spi.PresenceDecorator;
import net.bluemind.xmpp.spi.SessionControl;
import net.bluemind.xmpp.xml.Element;

class PluginHostTest {

    private final List<String> calls = new ArrayList<>();

    private PluginHost.Engine engine() {
        return engine(new StanzaHooks());
    }

    private PluginHost.Engine engine(StanzaHooks hooks) {
        return new PluginHost.Engine() {
            @Override
            public StanzaHooks hooks() {
                return hooks;
            }

            @Override
            public SessionControl sessions() {
                return (jid, condition, text) -> {
                    calls.add("end " + jid + " " + condition);
                    return 2;
                };
            }

            @Override
            public Executor background() {
                return task -> {
                    calls.add("background");
                    task.run();
                };
            }

            @Override
            public void addPresenceDecorator(PresenceDecorator decorator) {
                calls.add("decorator " + decorator);
            }

            @Override
            public void rebroadcastPresence(String bareJid) {
                calls.add("rebroadcast " + bareJid);
            }
        };
    }

    @Test
    void whatAPluginAsksBeforeTheServerRunsReachesItOnceItDoes() {
        PluginHost host = new PluginHost(Path.of("/var/lib/bm-xmpp"));
        PluginContext early = host.context(Map.of("core-url", "http://core"));
        PresenceDecorator avatar = new PresenceDecorator() {
            @Override
            public net.bluemind.xmpp.xml.Element decorate(String bareJid, net.bluemind.xmpp.xml.Element presence) {
                return presence;
            }

            @Override
            public String toString() {
                return "avatar";
            }
        };
        early.addPresenceDecorator(avatar);
        assertEquals(0, early.sessions().endSessions("alice@acme.test", "not-authorized", "gone"), "no session before the server runs");
        early.rebroadcastPresence("alice@acme.test");
        assertEquals(List.of(), calls);

        host.bind(engine());
        assertEquals(List.of("decorator avatar"), calls, "the waiting decorator reached the engine");
        assertEquals(2, early.sessions().endSessions("alice@acme.test", "not-authorized", "gone"));
        early.background().execute(() -> calls.add("ran"));
        early.rebroadcastPresence("alice@acme.test");
        assertEquals(List.of("decorator avatar", "end alice@acme.test not-authorized", "background", "ran",
                "rebroadcast alice@acme.test"), calls);
        assertEquals(Map.of("core-url", "http://core"), early.settings());
        assertEquals(Path.of("/var/lib/bm-xmpp"), early.stateDir());
    }

    @Test
    void theServedDomainsAreThereOnceMadeAndNotBefore() {
        PluginHost host = new PluginHost(Path.of("state"));
        PluginContext domainsProvider = host.context(null);
        assertEquals(Map.of(), domainsProvider.settings(), "no section: empty settings");
        assertThrows(IllegalStateException.class, domainsProvider::vhosts);
        StaticVHostRepository domains = new StaticVHostRepository(List.of(new DomainsConfig.StaticDomain("acme.test", List.of())));
        host.servedDomains(domains);
        assertSame(domains, host.context(Map.of()).vhosts());
    }

    @Test
    void handedResourcesCloseLastFirstAndAFailureDoesNotStopTheOthers() {
        PluginHost host = new PluginHost(Path.of("state"));
        PluginContext context = host.context(Map.of());
        context.onClose(() -> calls.add("bm-mq connection"));
        context.onClose(() -> {
            throw new IllegalStateException("broken on purpose");
        });
        context.onClose(() -> calls.add("consumer"));
        host.close();
        assertEquals(List.of("consumer", "bm-mq connection"), calls);
    }

    /** A plugin's resource of the same kind, as the bm-core client several plugins use. */
    private record Client(String url) implements AutoCloseable {
        @Override
        public void close() {
        }
    }

    @Test
    void pluginsWhoseSettingsAgreeShareOneResourceClosedWithTheServer() {
        PluginHost host = new PluginHost(Path.of("state"));
        List<String> made = new ArrayList<>();
        PluginContext auth = host.context(Map.of());
        PluginContext domains = host.context(Map.of());
        Client forAuth = auth.shared("core http://core", Client.class, () -> {
            made.add("core");
            return new Client("http://core");
        });
        Client forDomains = domains.shared("core http://core", Client.class, () -> {
            made.add("core again");
            return new Client("http://core");
        });
        Client elsewhere = domains.shared("core http://other", Client.class, () -> new Client("http://other"));
        assertSame(forAuth, forDomains, "one instance for the same key");
        assertEquals(List.of("core"), made, "made once");
        assertEquals("http://other", elsewhere.url(), "another key, another instance");
        IllegalStateException wrongType = assertThrows(IllegalStateException.class,
                () -> auth.shared("core http://core", String.class, () -> "x"));
        assertTrue(wrongType.getMessage().contains("Client"), wrongType.getMessage());

        domains.onClose(() -> calls.add("the plugin's consumer, handed after"));
        auth.shared("closing", AutoCloseable.class, () -> () -> calls.add("shared"));
        host.close();
        assertEquals(List.of("shared", "the plugin's consumer, handed after"), calls,
                "closed in the reverse order of their making, a shared resource as a handed one");
    }

    @Test
    void aPluginsMessageHandlersJoinTheEnginesHooksAndSeeEachMessage() {
        InMemoryEngine engine = new InMemoryEngine("acme.test").accounts("alice@acme.test", "bob@acme.test");
        InMemoryEngine.Client bob = engine.online("bob@acme.test/desktop", 0);
        InMemoryEngine.Client alice = engine.online("alice@acme.test/phone", 0);
        engine.forgetReceived();
        PluginHost host = new PluginHost(Path.of("state"));
        PluginContext plugin = host.context(Map.of());
        List<String> seen = new ArrayList<>();
        // Attached before the server runs, as a provider does while it is made.
        plugin.messages().toLocal(50, "tagger", m -> {
            seen.add("to-local " + m.from() + " -> " + m.to() + " " + m.type());
            m.rewrite(m.stanza().withChild(Element.empty("tagged", "urn:example:tag")));
            return false;
        });
        plugin.messages().delivered(-200, "counter", m -> {
            seen.add("delivered " + (m.stanzaId() != null) + " " + (m.stanza().firstChild("tagged", "urn:example:tag") != null));
            return false;
        });
        assertEquals(List.of(), seen);
        host.bind(engine(engine.path.hooks));

        alice.send("<message to='bob@acme.test' type='chat' id='m1'><body>hi</body></message>");
        List<Element> got = bob.take();
        assertEquals(1, got.size(), got.toString());
        assertTrue(got.get(0).firstChild("tagged", "urn:example:tag") != null, "the recipient got the plugin's rewrite: " + got.get(0));
        assertEquals(List.of("to-local alice@acme.test/phone -> bob@acme.test chat", "delivered true true"), seen);
        assertTrue(engine.path.hooks.messageToLocal.toString().contains("tagger(50)"), engine.path.hooks.messageToLocal.toString());
    }
}
