package net.bluemind.xmpp.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the resource usage of the server process under test: Java heap after a full GC (through {@code jcmd}, so it
 * also works for servers that are not ours as long as they are JVMs), resident memory and CPU time from /proc.
 *
 * <p>
 * Probing problems (no jcmd, another user's process, non-JVM server) are reported once on stderr and yield empty
 * results: the benchmark numbers stay valid without them.
 */
final class ServerProcessProbe {

    /** "used 45K" style sizes in GC.heap_info; K, M or G. */
    private static final Pattern TOTAL_USED = Pattern.compile("total\\s+\\d+[KMG]?,\\s+used\\s+(\\d+)([KMG]?)");
    private static final Pattern ZGC_USED = Pattern.compile("^\\s*ZHeap\\s+used\\s+(\\d+)([KMG]?)");
    private static final Pattern SHENANDOAH_USED = Pattern.compile("(\\d+)([KMG]?) used\\s*$");
    private static final Pattern VMRSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+)\\s+kB");

    private final long pid;
    private final long ticksPerSecond;
    private final List<String> warned = new ArrayList<>();
    private boolean heapUnavailable;

    ServerProcessProbe(long pid) {
        this.pid = pid;
        this.ticksPerSecond = clockTicks();
        // Prosody (Lua), ejabberd (BEAM): jcmd would only wait for its attach timeout, each time
        this.heapUnavailable = !mapsLibJvm(pid);
    }

    /** Whether the process has a HotSpot JVM loaded (true when that cannot be told: jcmd will say). */
    static boolean mapsLibJvm(long pid) {
        try (var lines = Files.lines(Path.of("/proc", Long.toString(pid), "maps"))) {
            return lines.anyMatch(l -> l.endsWith("/libjvm.so"));
        } catch (IOException | java.io.UncheckedIOException e) {
            return true;
        }
    }

    long pid() {
        return pid;
    }

    /** Runs a full GC in the server, then returns its used heap in bytes (empty when jcmd is unusable). */
    OptionalLong usedHeapAfterGc() {
        if (heapUnavailable) {
            return OptionalLong.empty();
        }
        try {
            jcmd("GC.run");
            long used = parseHeapUsedBytes(jcmd("GC.heap_info"));
            if (used < 0) {
                warnOnce("heap", "could not find the used heap in jcmd GC.heap_info output");
                return OptionalLong.empty();
            }
            return OptionalLong.of(used);
        } catch (IOException e) {
            // not a HotSpot JVM, another user's process, ...: do not pay jcmd's attach timeout again
            heapUnavailable = true;
            warnOnce("heap", "no heap figures: " + e.getMessage());
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    OptionalLong rssBytes() {
        try {
            long kb = parseRssKb(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
            return kb < 0 ? OptionalLong.empty() : OptionalLong.of(kb * 1024);
        } catch (IOException e) {
            warnOnce("rss", "no RSS figures: " + e);
            return OptionalLong.empty();
        }
    }

    /** User + system CPU time consumed so far by the whole process, in nanoseconds. */
    OptionalLong cpuNanos() {
        try {
            long ticks = parseCpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
            return OptionalLong.of(ticks * 1_000_000_000L / ticksPerSecond);
        } catch (IOException | RuntimeException e) {
            warnOnce("cpu", "no CPU figures: " + e);
            return OptionalLong.empty();
        }
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Path candidate = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        String exe = Files.isExecutable(candidate) ? candidate.toString() : "jcmd";
        Process p = new ProcessBuilder(exe, Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("jcmd " + command + " did not finish within 120 s");
        }
        if (p.exitValue() != 0 || out.contains("Exception")) {
            throw new IOException("jcmd " + pid + " " + command + " failed: " + firstLines(out.strip(), 2));
        }
        return out;
    }

    /** jcmd failures come with a stack trace; the first lines say what went wrong. */
    private static String firstLines(String text, int n) {
        String[] lines = text.split("\n", n + 1);
        return String.join(" ", java.util.Arrays.copyOf(lines, Math.min(n, lines.length)));
    }

    /**
     * Used heap in bytes from {@code jcmd GC.heap_info}, or -1. Understands G1 ("garbage-first heap total 123K,
     * used 45K"), Parallel and Serial (sum of the generations' "total X, used Y" lines), ZGC ("ZHeap used 8M") and
     * Shenandoah ("25406K used"); Metaspace lines are not heap and are skipped.
     */
    static long parseHeapUsedBytes(String heapInfo) {
        long sum = 0;
        boolean found = false;
        for (String line : heapInfo.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("Metaspace") || trimmed.startsWith("class space")) {
                continue;
            }
            Matcher m = TOTAL_USED.matcher(line);
            if (m.find()) {
                sum += bytes(m.group(1), m.group(2));
                found = true;
            }
        }
        if (found) {
            return sum;
        }
        for (String line : heapInfo.split("\n")) {
            Matcher z = ZGC_USED.matcher(line);
            if (z.find()) {
                return bytes(z.group(1), z.group(2));
            }
            if (!line.trim().startsWith("Metaspace") && !line.trim().startsWith("class space")) {
                Matcher s = SHENANDOAH_USED.matcher(line);
                if (s.find()) {
                    return bytes(s.group(1), s.group(2));
                }
            }
        }
        return -1;
    }

    private static long bytes(String number, String unit) {
        long n = Long.parseLong(number);
        return switch (unit) {
        case "K" -> n * 1024;
        case "M" -> n * 1024 * 1024;
        case "G" -> n * 1024 * 1024 * 1024;
        default -> n;
        };
    }

    /** VmRSS in kB from /proc/[pid]/status, or -1. */
    static long parseRssKb(String status) {
        Matcher m = VMRSS.matcher(status);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /**
     * utime + stime (fields 14 and 15, in clock ticks) from /proc/[pid]/stat. The command name (field 2) is in
     * parentheses and may itself contain spaces and parentheses, so fields are counted after the last ')'.
     */
    static long parseCpuTicks(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/[pid]/stat line: " + stat);
        }
        String[] f = stat.substring(close + 1).trim().split("\\s+");
        // f[0] is field 3 (state), so field n is f[n - 3]
        return Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            long v = Long.parseLong(out);
            return v > 0 ? v : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    private void warnOnce(String what, String message) {
        if (!warned.contains(what)) {
            warned.add(what);
            System.err.println("warning: server probe (pid " + pid + "): " + message);
        }
    }
}
