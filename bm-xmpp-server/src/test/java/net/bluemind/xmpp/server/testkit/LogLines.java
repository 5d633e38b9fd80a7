package net.bluemind.xmpp.server.testkit;

import java.util.List;
import java.util.function.Predicate;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * What one class logs while a test runs, as "LEVEL message" lines (ending with {@link #WITH_TRACE} when an
 * exception came with it), to wait for a decision the server reports only in its log (a refusal, a dropped
 * stanza) and to check how it is reported.
 */
public final class LogLines implements AutoCloseable {

    /** Ends a line logged with an exception (a stack trace in the real log). */
    public static final String WITH_TRACE = "[with stack trace]";

    private final Logger logger;
    private final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent e) {
            lines.add(e.getLevel() + " " + e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " " + WITH_TRACE));
        }
    };

    public LogLines(Class<?> source) {
        this.logger = (Logger) LoggerFactory.getLogger(source);
        appender.start();
        logger.addAppender(appender);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** The lines so far that match. */
    public List<String> matching(Predicate<String> p) {
        return lines.stream().filter(p).toList();
    }

    /** Waits (with the kit's deadline) for a line that contains every one of {@code parts}; returns it. */
    public String await(String... parts) {
        Predicate<String> match = l -> {
            for (String part : parts) {
                if (!l.contains(part)) {
                    return false;
                }
            }
            return true;
        };
        Await.until("a log line with " + String.join(", ", parts), () -> lines.stream().anyMatch(match));
        return lines.stream().filter(match).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
