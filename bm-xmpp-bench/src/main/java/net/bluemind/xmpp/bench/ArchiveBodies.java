package net.bluemind.xmpp.bench;

/**
 * Bodies of the messages that fill the archive in the mam scenario: the send time, a few words of a small
 * vocabulary, and a word found in no other message, {@code w<n>r<run>}, so a full-text search for it must return
 * exactly one message.
 *
 * <p>
 * Message number {@code n} (0-based, unique in the run) is sent by sender slot {@code n % senders} as its message
 * {@code n / senders + 1}: each sender knows its numbers without coordination, and the scenario knows afterwards
 * which words are in which pair's archive. The run tag (hex, no 'w') keeps words of earlier runs, still in a kept
 * archive, from matching; with it, no word is a substring of another (a substring search finds only its message).
 */
final class ArchiveBodies implements ChatBodies {

    static final String[] VOCABULARY = { "hello", "meeting", "report", "budget", "lunch", "project", "deadline",
            "review", "customer", "invoice", "server", "release", "coffee", "monday", "friday", "schedule", "design",
            "contract", "holiday", "update", "question", "answer", "draft", "ticket", "phone", "office", "team",
            "plan", "agenda", "travel", "weather", "thanks" };

    private final String runTag;
    private final int senders;
    /** Sender slot by {@link ChatSender#index}; -1 for a sender that does not take part. */
    private final int[] slotOfSender;

    ArchiveBodies(String runTag, int[] slotOfSender, int senders) {
        this.runTag = runTag;
        this.slotOfSender = slotOfSender;
        this.senders = senders;
    }

    @Override
    public String body(ChatSender sender, long seq, long nowNanos) {
        return ChatPayload.encode(nowNanos, text(number(slotOfSender[sender.index], seq)));
    }

    /** The slot of the sender with this {@link ChatSender#index}, -1 when it takes no part. */
    int slot(int senderIndex) {
        return slotOfSender[senderIndex];
    }

    /** The number of the message {@code seq} (1-based) of the sender in {@code slot}. */
    long number(int slot, long seq) {
        return (seq - 1) * senders + slot;
    }

    String word(long n) {
        return "w" + n + "r" + runTag;
    }

    /** Two to six words of the vocabulary, chosen from {@code n}, then the unique word. */
    String text(long n) {
        long h = mix(n);
        int words = 2 + (int) Long.remainderUnsigned(h, 5);
        StringBuilder sb = new StringBuilder(80);
        for (int i = 0; i < words; i++) {
            h = mix(h + i);
            sb.append(VOCABULARY[(int) Long.remainderUnsigned(h, VOCABULARY.length)]).append(' ');
        }
        return sb.append(word(n)).toString();
    }

    /** How many messages each of {@code senders} slots sends so that they send {@code total} together. */
    static long[] quotas(long total, int senders) {
        long[] q = new long[senders];
        for (int i = 0; i < senders; i++) {
            q[i] = total / senders + (i < total % senders ? 1 : 0);
        }
        return q;
    }

    /** SplitMix64's finaliser: a cheap, well-spread hash. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
