package net.bluemind.xmpp.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ServerProcessProbeTest {

    @Test
    void g1HeapInfo() {
        String out = """
                12345:
                 garbage-first heap   total 262144K, used 45678K [0x00000000f0000000, 0x0000000100000000)
                  region size 1024K, 12 young (12288K), 2 survivors (2048K)
                 Metaspace       used 20480K, committed 20800K, reserved 1069056K
                  class space    used 2200K, committed 2368K, reserved 1048576K
                """;
        assertEquals(45678L * 1024, ServerProcessProbe.parseHeapUsedBytes(out));
    }

    @Test
    void parallelHeapInfoSumsGenerations() {
        String out = """
                 PSYoungGen      total 76288K, used 3932K [0x000000076ab00000, 0x0000000770000000, 0x00000007c0000000)
                  eden space 65536K, 6% used [0x000000076ab00000,0x000000076aed7240,0x000000076eb00000)
                  from space 10752K, 0% used [0x000000076f580000,0x000000076f580000,0x0000000770000000)
                 ParOldGen       total 175104K, used 1024K [0x00000006c0000000, 0x00000006cab00000, 0x000000076ab00000)
                  object space 175104K, 0% used [0x00000006c0000000,0x00000006c0000000,0x00000006cab00000)
                 Metaspace       used 3012K, committed 3200K, reserved 1056768K
                """;
        assertEquals((3932L + 1024) * 1024, ServerProcessProbe.parseHeapUsedBytes(out));
    }

    @Test
    void zgcAndShenandoahHeapInfo() {
        assertEquals(90L << 20, ServerProcessProbe.parseHeapUsedBytes("""
                 ZHeap           used 90M, capacity 256M, max capacity 4096M
                 Metaspace       used 1024K, committed 1216K, reserved 1056768K
                """));
        assertEquals(25406L * 1024, ServerProcessProbe.parseHeapUsedBytes("""
                Shenandoah Heap
                 4096M max, 4096M soft max, 256M committed, 25406K used
                 2048 x 2048K regions
                """));
        assertEquals(-1, ServerProcessProbe.parseHeapUsedBytes("12345:\nUnknown diagnostic command\n"));
    }

    @Test
    void cpuTicksFromStatWithAwkwardCommandName() {
        // the command name may contain spaces and ')' — fields must be counted from the last ')'
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 123 0 0 0 1500 250 0 0 20 0 57 0 "
                + "1000 5000000000 100000 18446744073709551615 1 1 0 0 0 0 0 2 16899 0 0 0 17 3 0 0 0 0 0";
        assertEquals(1750, ServerProcessProbe.parseCpuTicks(stat));
    }

    @Test
    void cpuTicksFromProcSelfStat() throws Exception {
        // burn a little CPU so the counters are certainly non-zero at clock-tick resolution
        long x = 0;
        long until = System.nanoTime() + 50_000_000L;
        while (System.nanoTime() < until) {
            x += Long.numberOfTrailingZeros(x + System.nanoTime());
        }
        long ticks = ServerProcessProbe.parseCpuTicks(Files.readString(Path.of("/proc/self/stat")));
        assertTrue(ticks > 0, "ticks " + ticks + " " + x);

        ServerProcessProbe probe = new ServerProcessProbe(ProcessHandle.current().pid());
        assertTrue(probe.cpuNanos().getAsLong() >= ticks * 1_000_000L);
        assertTrue(probe.rssBytes().getAsLong() > 1 << 20);
    }

    @Test
    void rssFromStatus() throws Exception {
        String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmRSS:\t  123456 kB\nRssAnon:\t 100000 kB\n";
        assertEquals(123456, ServerProcessProbe.parseRssKb(status));
        assertEquals(-1, ServerProcessProbe.parseRssKb("Name:\tkthreadd\n"));
        assertTrue(ServerProcessProbe.parseRssKb(Files.readString(Path.of("/proc/self/status"))) > 0);
    }
}
