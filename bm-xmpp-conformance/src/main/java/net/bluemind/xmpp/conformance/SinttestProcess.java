package net.bluemind.xmpp.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the framework in a child JVM and copies every line it prints to the log file, to our standard
 * output and to a listener, until it exits or the time limit is reached.
 */
final class SinttestProcess {

    /** The exit code reported when the time limit stopped the framework. */
    static final int TIMED_OUT = 124;

    private SinttestProcess() {
    }

    static int run(List<String> command, Path workingDir, Path logFile, Duration timeout, Consumer<String> lines)
            throws IOException, InterruptedException {
        Files.createDirectories(workingDir);
        Process process = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true).start();
        Thread pump = new Thread(() -> copyLines(process, logFile, System.out, lines), "sinttest-output");
        pump.start();
        boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        pump.join(TimeUnit.SECONDS.toMillis(30));
        return exited ? process.exitValue() : TIMED_OUT;
    }

    private static void copyLines(Process process, Path logFile, PrintStream console, Consumer<String> lines) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                log.write(line);
                log.write('\n');
                log.flush();
                console.println(line);
                lines.accept(line);
            }
        } catch (IOException e) {
            console.println("conformance: lost the framework's output: " + e);
        }
    }
}
