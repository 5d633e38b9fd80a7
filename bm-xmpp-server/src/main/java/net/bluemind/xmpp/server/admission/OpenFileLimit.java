package net.bluemind.xmpp.server.admission;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * The process's open-file limit (RLIMIT_NOFILE, soft), and the connection cap derived from it: every
 * connection is a descriptor, and so are the jars, logs, database and HTTP pools, epoll and s2s links,
 * which must still open when clients have taken all they can.
 */
public final class OpenFileLimit {

    /** Descriptors kept for everything but accepted connections: 1 in 20 of the limit... */
    static final int RESERVE_DIVISOR = 20;
    /** ...but at least this many (or a quarter of a limit so small that this would leave too few connections). */
    static final int MIN_RESERVE = 1_024;

    private OpenFileLimit() {
    }

    /** The soft limit, from {@code /proc/self/limits}; empty where there is no such file or it says "unlimited". */
    public static OptionalLong read() {
        try {
            return parse(Files.readAllLines(Path.of("/proc/self/limits")));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** The soft limit of a {@code /proc/<pid>/limits} table: the "Max open files" row's first number. */
    static OptionalLong parse(List<String> lines) {
        for (String line : lines) {
            if (line.startsWith("Max open files")) {
                String[] cols = line.substring("Max open files".length()).trim().split("\\s+");
                if (cols.length > 0 && cols[0].chars().allMatch(Character::isDigit) && !cols[0].isEmpty()) {
                    return OptionalLong.of(Long.parseLong(cols[0]));
                }
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    /** How many connections fit under {@code limit} descriptors with the reserve kept; at least 1. */
    static int connectionsUnder(long limit) {
        long reserve = Math.max(limit / RESERVE_DIVISOR, Math.min(MIN_RESERVE, limit / 4));
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, limit - reserve));
    }
}
