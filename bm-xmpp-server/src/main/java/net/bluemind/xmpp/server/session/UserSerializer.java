package net.bluemind.xmpp.server.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the asynchronous steps that change one user's stored state (roster, subscriptions, offline
 * queue) one after the other, in submission order, while different users proceed in parallel.
 * Each task starts when the previous task of the same user has completed, however long its I/O took.
 */
public final class UserSerializer {

    private static final Logger log = LoggerFactory.getLogger(UserSerializer.class);

    private final ConcurrentHashMap<String, CompletableFuture<?>> tails = new ConcurrentHashMap<>();

    /** Queues {@code task} behind the user's earlier tasks; the returned stage completes with the task's. */
    public <T> CompletableFuture<T> run(String user, Supplier<? extends CompletionStage<T>> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<?>[] mine = new CompletableFuture<?>[1];
        tails.compute(user, (k, previous) -> {
            CompletableFuture<?> start = previous == null ? CompletableFuture.completedFuture(null) : previous;
            CompletableFuture<T> next = start.handle((ignored, error) -> null).thenCompose(ignored -> {
                try {
                    return task.get();
                } catch (RuntimeException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }).toCompletableFuture();
            mine[0] = next;
            return next;
        });
        mine[0].whenComplete((value, error) -> {
            // Forget the chain when it is idle, so the map holds only users with work in flight.
            tails.remove(user, mine[0]);
            if (error != null) {
                log.warn("a stored-state update for {} failed: {}", user, rootMessage(error));
                result.completeExceptionally(error);
            } else {
                @SuppressWarnings("unchecked")
                T v = (T) value;
                result.complete(v);
            }
        });
        return result;
    }

    /** Users with tasks in flight (for tests and metrics). */
    public int busyUsers() {
        return tails.size();
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.toString();
    }
}
