package net.bluemind.xmpp.bench;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The machine the generator ran on, recorded with results so runs on different hosts are not compared blindly. */
record MachineInfo(String hostname, int cores, long memTotalKb, String javaVersion, String javaVm, String os) {

    private static final Pattern MEM_TOTAL = Pattern.compile("(?m)^MemTotal:\\s+(\\d+)\\s+kB");

    static MachineInfo detect() {
        return new MachineInfo(detectHostname(), Runtime.getRuntime().availableProcessors(), detectMemTotalKb(),
                System.getProperty("java.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
    }

    private static String detectHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static long detectMemTotalKb() {
        try {
            Matcher m = MEM_TOTAL.matcher(Files.readString(Path.of("/proc/meminfo")));
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hostname", hostname);
        m.put("cores", cores);
        m.put("mem_total_kb", memTotalKb);
        m.put("java_version", javaVersion);
        m.put("java_vm", javaVm);
        m.put("os", os);
        return m;
    }
}
