package net.bluemind.xmpp.server.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import net.bluemind.xmpp.spi.ArchivedMessage;

/**
 * Messages waiting on disk for an archive that is unreachable, replayed oldest first: a folder of
 * segment files of length-prefixed JSON records. Appends are forced to disk before they return, so a
 * message in the spool survives a crash. A record that was being written when the process died is
 * cut off at the next start.
 *
 * <p>Replay is at-least-once: a segment is deleted only once all its records were stored, and the
 * read position is kept in a small file, so a crash during replay stores some messages again — which
 * the archive's idempotent {@code store} absorbs (same stanza id, one copy).
 *
 * <p>Not thread-safe: the archive writer thread is its only user.
 */
final class ArchiveSpool {

    private static final Logger log = LoggerFactory.getLogger(ArchiveSpool.class);
    private static final long SEGMENT_BYTES = 16L << 20;
    private static final String SUFFIX = ".spool";
    private static final String CURSOR = "cursor";

    private final Path dir;
    private final long maxBytes;
    private final ObjectMapper json = new ObjectMapper();
    private final DeadLetters deadLetters;
    /** Segment number → file, oldest first. */
    private final TreeMap<Long, Path> segments = new TreeMap<>();
    private FileChannel writing;
    private long writingNumber = -1;
    /** Byte position in the oldest segment of the next record to replay. */
    private long readPosition;
    /** The position after the records the last {@link #peek} returned. */
    private long peekedEnd;
    private int peekedCount;
    private long bytes;

    ArchiveSpool(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.deadLetters = new DeadLetters(dir, maxBytes);
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).forEach(f -> {
                    String name = f.getFileName().toString();
                    segments.put(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())), f);
                });
            }
            for (Path f : segments.values()) {
                bytes += Files.size(f);
            }
            readPosition = readCursor();
        } catch (IOException | NumberFormatException e) {
            throw new UncheckedIOException(new IOException("cannot open the archive spool " + dir + ": " + e.getMessage(), e));
        }
        if (!segments.isEmpty()) {
            log.info("archive spool {} holds {} kB from before the last stop: replaying it", dir, bytes / 1024);
        }
    }

    Path dir() {
        return dir;
    }

    /** Where refused messages and unreadable records are set aside (a file in the spool folder). */
    DeadLetters deadLetters() {
        return deadLetters;
    }

    boolean isEmpty() {
        return segments.isEmpty();
    }

    long bytes() {
        return bytes;
    }

    /** Three quarters of its limit in use: an archive that is up but slower than the traffic must not fill the rest. */
    boolean nearlyFull() {
        return bytes >= maxBytes / 4 * 3;
    }

    /**
     * Appends the messages, forced to disk. Returns how many it took: fewer than given when the spool
     * reached its size limit.
     */
    int append(List<ArchivedMessage> batch) throws IOException {
        int taken = 0;
        List<ByteBuffer> records = new ArrayList<>(batch.size());
        long added = 0;
        for (ArchivedMessage m : batch) {
            byte[] body = json.writeValueAsBytes(m);
            if (bytes + added + body.length + 4 > maxBytes) {
                break;
            }
            ByteBuffer record = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip();
            records.add(record);
            added += record.remaining();
            taken++;
        }
        if (records.isEmpty()) {
            return 0;
        }
        FileChannel out = writer();
        for (ByteBuffer r : records) {
            while (r.hasRemaining()) {
                out.write(r);
            }
        }
        out.force(false);
        bytes += added;
        if (out.size() >= SEGMENT_BYTES) {
            out.close();
            writing = null;
        }
        return taken;
    }

    private FileChannel writer() throws IOException {
        if (writing == null) {
            writingNumber = segments.isEmpty() ? 1 : segments.lastKey() + 1;
            Path file = dir.resolve(String.format("%020d%s", writingNumber, SUFFIX));
            writing = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            segments.put(writingNumber, file);
        }
        return writing;
    }

    /** Up to {@code max} of the oldest messages, not removed until {@link #commit}. */
    List<ArchivedMessage> peek(int max) throws IOException {
        List<ArchivedMessage> out = new ArrayList<>();
        peekedCount = 0;
        peekedEnd = readPosition;
        if (segments.isEmpty()) {
            return out;
        }
        Path oldest = segments.firstEntry().getValue();
        try (FileChannel in = FileChannel.open(oldest, StandardOpenOption.READ)) {
            long size = in.size();
            long pos = readPosition;
            ByteBuffer length = ByteBuffer.allocate(4);
            while (out.size() < max && pos + 4 <= size) {
                length.clear();
                readFully(in, length, pos);
                int n = length.flip().getInt();
                if (n <= 0 || pos + 4 + n > size) {
                    // a record cut short by a crash: nothing after it was acknowledged
                    log.warn("archive spool {}: a truncated record at byte {} is dropped (written during a crash)", oldest, pos);
                    pos = size;
                    break;
                }
                ByteBuffer body = ByteBuffer.allocate(n);
                readFully(in, body, pos + 4);
                read(body.array(), oldest, pos, out);
                pos += 4 + n;
            }
            peekedEnd = pos;
            peekedCount = out.size();
            if (out.isEmpty() && pos > readPosition) {
                // only unreadable records, set aside: move past them as a commit would, so that they are
                // not read (and set aside) again
                skipTo(pos, size);
                return peek(max);
            }
            if (out.isEmpty() && pos >= size && !isWriting(segments.firstKey())) {
                // an exhausted segment (all replayed before a crash): drop it and read the next one
                removeOldest();
                return peek(max);
            }
        }
        return out;
    }

    /** One record: a message, or set aside when it cannot be read back (the spool must not stop on it). */
    private void read(byte[] record, Path segment, long position, List<ArchivedMessage> out) {
        try {
            out.add(json.readValue(record, ArchivedMessage.class));
        } catch (IOException | RuntimeException e) {
            deadLetters.unreadable(segment, position, record, e.getClass().getSimpleName());
        }
    }

    private void skipTo(long position, long segmentSize) throws IOException {
        readPosition = position;
        if (readPosition >= segmentSize) {
            removeOldest();
        } else {
            writeCursor();
        }
    }

    private static void readFully(FileChannel in, ByteBuffer buf, long position) throws IOException {
        long p = position;
        while (buf.hasRemaining()) {
            int r = in.read(buf, p);
            if (r < 0) {
                throw new IOException("unexpected end of spool segment");
            }
            p += r;
        }
    }

    /** The messages the last {@link #peek} returned are stored: forget them. */
    void commit() throws IOException {
        if (segments.isEmpty() || peekedCount == 0) {
            return;
        }
        long segment = segments.firstKey();
        long size = Files.size(segments.get(segment));
        readPosition = peekedEnd;
        if (readPosition >= size) {
            removeOldest();
        } else {
            writeCursor();
        }
        peekedCount = 0;
    }

    private boolean isWriting(long segment) {
        return writing != null && segment == writingNumber;
    }

    private void removeOldest() throws IOException {
        long segment = segments.firstKey();
        if (isWriting(segment)) {
            writing.close();
            writing = null;
        }
        Path file = segments.remove(segment);
        bytes -= Files.size(file);
        Files.delete(file);
        readPosition = 0;
        if (segments.isEmpty()) {
            bytes = 0;
        }
        writeCursor();
    }

    private long readCursor() throws IOException {
        Path cursor = dir.resolve(CURSOR);
        if (segments.isEmpty() || !Files.exists(cursor)) {
            return 0;
        }
        String[] parts = Files.readString(cursor).trim().split(" ");
        if (parts.length == 2 && Long.parseLong(parts[0]) == segments.firstKey()) {
            return Long.parseLong(parts[1]);
        }
        return 0;
    }

    private void writeCursor() throws IOException {
        Path cursor = dir.resolve(CURSOR);
        if (segments.isEmpty()) {
            Files.deleteIfExists(cursor);
            return;
        }
        Path tmp = dir.resolve(CURSOR + ".tmp");
        Files.writeString(tmp, segments.firstKey() + " " + readPosition);
        Files.move(tmp, cursor, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    void close() {
        if (writing != null) {
            try {
                writing.close();
            } catch (IOException e) {
                log.warn("closing the archive spool: {}", e.toString());
            }
            writing = null;
        }
    }
}
