package net.bluemind.xmpp.bench;

import java.util.SplittableRandom;

/**
 * A uniform random sample of at most {@code capacity} ids out of a stream of any length (reservoir sampling): the
 * archive ids seen during the fill, so that "page after id" queries start anywhere in the archive, not only near
 * its end. Not thread-safe: fed on one event loop, read once the feeding is over.
 */
final class IdSample {

    private final String[] ids;
    private final SplittableRandom random;
    private long seen;

    IdSample(int capacity, long seed) {
        this.ids = new String[capacity];
        this.random = new SplittableRandom(seed);
    }

    void offer(String id) {
        if (id == null) {
            return;
        }
        long i = seen++;
        if (i < ids.length) {
            ids[(int) i] = id;
        } else {
            long j = random.nextLong(i + 1);
            if (j < ids.length) {
                ids[(int) j] = id;
            }
        }
    }

    int size() {
        return (int) Math.min(seen, ids.length);
    }

    long seen() {
        return seen;
    }

    /** A random id of the sample, or null when it is empty. */
    String pick(SplittableRandom r) {
        int n = size();
        return n == 0 ? null : ids[r.nextInt(n)];
    }
}
