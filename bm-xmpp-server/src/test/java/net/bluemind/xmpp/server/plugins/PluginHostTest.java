package net.bluemind.xmpp.server.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.server.config.DomainsConfig;
import net.bluemind.xmpp.server.local.StaticVHostRepository;
import net.bluemind.xmpp.spi.PluginContext;
import net.bluemind.xmpp.spi.PresenceDecorator;
import net.bluemind.xmpp.spi.SessionControl;

class PluginHostTest {

    private final List<String> calls = new ArrayList<>();

    private PluginHost.Engine engine() {
        return new PluginHost.Engine() {
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
}
