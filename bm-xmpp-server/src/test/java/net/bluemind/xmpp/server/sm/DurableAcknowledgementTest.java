package net.bluemind.xmpp.server.sm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.server.storage.MemoryUserDataRepository;
import net.bluemind.xmpp.server.testkit.RawClient;
import net.bluemind.xmpp.server.testkit.TestServer;
import net.bluemind.xmpp.spi.UserDataRepository;

/**
 * XEP-0198's h counts a stanza once what it caused is durable: a message to an offline user is acknowledged
 * once its offline row is stored, not when it was read. (Before, h counted it on arrival, and a stop or a
 * crash lost messages the client had been told were handled.)
 */
class DurableAcknowledgementTest {

    private static final String SM = "urn:xmpp:sm:3";

    /** Storage whose offline stores wait until {@link #open()} is called, then complete in order. */
    private static final class GatedStorage {
        private final MemoryUserDataRepository memory = new MemoryUserDataRepository();
        private final CompletableFuture<Void> gate = new CompletableFuture<>();

        UserDataRepository repository() {
            return (UserDataRepository) Proxy.newProxyInstance(UserDataRepository.class.getClassLoader(),
                    new Class<?>[] {UserDataRepository.class}, (proxy, method, args) -> {
                        Object result;
                        try {
                            result = method.invoke(memory, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                        if ("storeOffline".equals(method.getName()) && args.length == 4) {
                            CompletionStage<?> stored = (CompletionStage<?>) result;
                            return gate.thenCompose(v -> stored);
                        }
                        return result;
                    });
        }

        void open() {
            gate.complete(null);
        }
    }

    @Test
    void anOfflineMessageIsAcknowledgedOnlyOnceItIsStored() throws Exception {
        GatedStorage storage = new GatedStorage();
        try (TestServer server = TestServer.startWithStorage(storage.repository());
             RawClient alice = RawClient.directTls(server, "acme.test")) {
            alice.login("acme.test", "alice", "alice", "phone");
            alice.send("<enable xmlns='" + SM + "'/>");
            alice.await("<enabled");
            alice.await("/>");
            alice.send("<message to='erin@acme.test' type='chat' id='m1'><body>kept for erin</body></message>"
                    + "<r xmlns='" + SM + "'/>");
            String first = alice.await("'/>");
            assertTrue(first.contains("<a xmlns='" + SM + "' h='0'"), "not stored yet, not counted: " + first);
            storage.open();
            String later = alice.await("h='1'/>");
            assertTrue(later.contains("<a xmlns='" + SM + "'"), "once stored, counted without being asked again: " + later);
            assertEquals(1, storage.memory.offlineMessages("erin@acme.test").toCompletableFuture().join().size());
        }
    }
}
