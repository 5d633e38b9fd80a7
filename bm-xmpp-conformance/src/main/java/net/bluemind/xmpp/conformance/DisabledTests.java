package net.bluemind.xmpp.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The tests and specifications left out of the run, read from {@code disabled-tests.txt} on the
 * class path: one entry per line followed by {@code # reason}; a line holding only a comment is a note.
 * An entry without a reason is refused, so the list always says why.
 */
record DisabledTests(List<Entry> entries) {

    static final String RESOURCE = "disabled-tests.txt";

    private static final Pattern SPECIFICATION = Pattern.compile("(?i)(XEP|RFC)-?\\d+");
    private static final Pattern TEST_CLASS = Pattern.compile("([a-z_][a-z0-9_]*\\.)*[A-Z][A-Za-z0-9_$]*");

    /** @param specification true for a specification (XEP-0045), false for a test class */
    record Entry(String name, boolean specification, String reason) {
    }

    static DisabledTests load() throws IOException {
        try (InputStream in = DisabledTests.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is not on the class path");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        }
    }

    static DisabledTests parse(List<String> lines) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            entries.add(entry(line, i + 1));
        }
        return new DisabledTests(List.copyOf(entries));
    }

    private static Entry entry(String line, int lineNumber) {
        int hash = line.indexOf('#');
        String name = (hash < 0 ? line : line.substring(0, hash)).strip();
        String reason = hash < 0 ? "" : line.substring(hash + 1).strip();
        String where = RESOURCE + " line " + lineNumber + ": ";
        if (reason.isEmpty()) {
            throw new IllegalArgumentException(where + "'" + name + "' needs a '# reason'");
        }
        if (SPECIFICATION.matcher(name).matches()) {
            return new Entry(name, true, reason);
        }
        // Smack 4.5.0-beta5 disables the whole class for a Class.method entry: only classes are accepted,
        // so the list never disables more than it says.
        if (!TEST_CLASS.matcher(name).matches()) {
            throw new IllegalArgumentException(where + "'" + name
                    + "' is neither a test class (MessageTest, org.jivesoftware.smack.chat2.ChatTest) nor a specification (XEP-0045)");
        }
        return new Entry(name, false, reason);
    }

    /** The value of {@code sinttest.disabledTests}. */
    String testClasses() {
        return join(false);
    }

    /** The value of {@code sinttest.disabledSpecifications}. */
    String specifications() {
        return join(true);
    }

    private String join(boolean specification) {
        return String.join(",", entries.stream().filter(e -> e.specification() == specification).map(Entry::name).toList());
    }
}
