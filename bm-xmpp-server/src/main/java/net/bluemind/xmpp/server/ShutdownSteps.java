package net.bluemind.xmpp.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import net.bluemind.xmpp.server.c2s.C2SConnection;
import net.bluemind.xmpp.server.session.UserSerializer;

/** The waiting steps of a stop, each bounded in time and saying what it could not finish. */
final class ShutdownSteps {

    private static final Logger log = LoggerFactory.getLogger(ShutdownSteps.class);
    private static final long POLL_MILLIS = 10;

    private ShutdownSteps() {
    }

    /**
     * Stops reading from every client, then waits until what they had sent is handled (stored), so that the
     * last acknowledgement each gets before the stream ends counts it.
     */
    static void handleWhatWasRead(ChannelGroup channels, Duration wait) {
        List<C2SConnection> clients = new ArrayList<>();
        for (Channel ch : channels) {
            C2SConnection c = ch.pipeline().get(C2SConnection.class);
            if (c != null) {
                c.stopReading();
                clients.add(c);
            }
        }
        boolean done = until(wait, () -> clients.stream().allMatch(C2SConnection::allHandled));
        if (!done) {
            long left = clients.stream().filter(c -> !c.allHandled()).count();
            log.warn("stop: {} client connection(s) still had stanzas being stored after {} s; they are not acknowledged",
                    left, wait.toSeconds());
        }
    }

    /** Waits until no stored-state change is queued or running. */
    static void drain(List<UserSerializer> serializers, Duration wait) {
        boolean done = until(wait, () -> serializers.stream().allMatch(s -> s.busyUsers() == 0));
        if (!done) {
            int users = serializers.stream().mapToInt(UserSerializer::busyUsers).sum();
            log.error("stop: stored-state changes of {} user(s) were still queued after {} s; the storage closes under them",
                    users, wait.toSeconds());
        }
    }

    static void await(ExecutorService executor, String what, Duration wait) {
        try {
            if (!executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                List<Runnable> left = executor.shutdownNow();
                log.warn("stop: {} did not finish in {} s ({} not started)", what, wait.toSeconds(), left.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }

    private static boolean until(Duration wait, BooleanSupplier condition) {
        long end = System.nanoTime() + wait.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return condition.getAsBoolean();
            }
        }
        return true;
    }
}
