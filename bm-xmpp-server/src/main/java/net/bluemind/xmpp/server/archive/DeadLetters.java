package net.bluemind.xmpp.server.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import net.bluemind.xmpp.spi.ArchivedMessage;

/**
 * Where messages the archive refuses for good are set aside, so that one of them never blocks the others:
 * a JSON Lines file ({@code dead-letters.jsonl} in the spool folder), one record a line, appended and forced
 * to disk. An admin reads it with any JSON tool ({@code jq}) and can store a record again by hand once the
 * cause is fixed; a record holds the message as the spool does ({@code message}), or, for a spool record
 * that could not even be read, its bytes in Base64 ({@code raw}). docs/archive.md describes the fields.
 *
 * <p>The file is bounded like the spool: past {@code maxBytes} a refused message is only logged and
 * counted. Bodies are in the file (it is the message) but never in the log.
 */
final class DeadLetters {

    static final String FILE_NAME = "dead-letters.jsonl";
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final Path file;
    private final long maxBytes;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong count = new AtomicLong();

    DeadLetters(Path spoolDir, long maxBytes) {
        this.file = spoolDir.resolve(FILE_NAME);
        this.maxBytes = maxBytes;
    }

    Path file() {
        return file;
    }

    /** Messages set aside since the start (for the metrics). */
    long count() {
        return count.get();
    }

    /** Sets aside a message the archive refused; {@code reason} is one line without contents. */
    void refused(ArchivedMessage m, String archive, String reason) {
        count.incrementAndGet();
        ObjectNode record = record(reason);
        record.set("message", json.valueToTree(m));
        log.error("archive {} refused message {} of {} ({}): set aside in {}", archive, m.stanzaId(), m.owners(), reason,
                append(record));
    }

    /** Sets aside a spool record that cannot be read back as a message (damaged on disk, or written by another version). */
    void unreadable(Path segment, long offset, byte[] raw, String reason) {
        count.incrementAndGet();
        ObjectNode record = record("unreadable spool record: " + reason);
        record.put("segment", segment.getFileName().toString());
        record.put("offset", offset);
        record.put("raw", Base64.getEncoder().encodeToString(raw));
        log.error("archive spool {}: the record at byte {} cannot be read ({}): set aside in {}", segment, offset, reason,
                append(record));
    }

    private ObjectNode record(String reason) {
        ObjectNode record = json.createObjectNode();
        record.put("deadLetteredAt", Instant.now().toString());
        record.put("reason", reason);
        return record;
    }

    /** Appends the record; returns where it went, for the log line (or why it went nowhere). */
    private synchronized String append(ObjectNode record) {
        try {
            byte[] line = (json.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
            long size = Files.exists(file) ? Files.size(file) : 0;
            if (size + line.length > maxBytes) {
                return "nowhere: " + file + " is full (" + size + " bytes), the message is not archived";
            }
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer b = ByteBuffer.wrap(line);
                while (b.hasRemaining()) {
                    out.write(b);
                }
                out.force(false);
            }
            return file.toString();
        } catch (IOException e) {
            return "nowhere: " + file + " cannot be written (" + e + "), the message is not archived";
        }
    }
}
