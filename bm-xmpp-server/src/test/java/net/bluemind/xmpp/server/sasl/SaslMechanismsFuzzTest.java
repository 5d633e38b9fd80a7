package net.bluemind.xmpp.server.sasl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.junit.FuzzTest;

import net.bluemind.xmpp.server.testkit.FuzzBudget;
import net.bluemind.xmpp.spi.AuthRepository;

/**
 * Random client messages into the server side of PLAIN and SCRAM: every message is answered with a
 * {@link SaslStep} (a stage that completes, never exceptionally, never with an unexpected exception), a
 * failure's condition is one RFC 6120 §6.5 defines, SCRAM's challenges are UTF-8, and nothing follows the
 * end of the exchange but malformed-request.
 *
 * <p>Input layout, so seeds can be written by hand: the first byte picks the mechanism (0 PLAIN, 1
 * SCRAM-SHA-1, 2 SCRAM-SHA-256, modulo 3), the rest is the client's messages separated by 0xFF (a byte
 * UTF-8 never has). The accounts: {@code user}/{@code pencil} with the salt of RFC 5802's example, and
 * SCRAM's server nonce is fixed, so the RFC's exchange is a seed that reaches success.
 */
class SaslMechanismsFuzzTest {

    /** Jazzer's own driver (scripts/fuzz.sh, long sessions) calls this; the build calls the @FuzzTest. */
    public static void fuzzerTestOneInput(byte[] input) throws Exception {
        new SaslMechanismsFuzzTest().answersEveryMessageWithAStep(input);
    }

    private static final AuthRepository.ConnectionInfo CONNECTION = new AuthRepository.ConnectionInfo("fuzz", "192.0.2.1", true);
    private static final byte[] SECRET = "fuzzing secret".getBytes(StandardCharsets.UTF_8);
    private static final String[] MECHANISMS = {"PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-256"};
    /** RFC 6120 §6.5. */
    private static final Set<String> CONDITIONS = Set.of("aborted", "account-disabled", "credentials-expired", "encryption-required",
            "incorrect-encoding", "invalid-authzid", "invalid-mechanism", "malformed-request", "mechanism-too-weak", "not-authorized",
            "temporary-auth-failure");
    private static final InMemoryAuthRepository REPO = new InMemoryAuthRepository()
            .addUser("user", "pencil", Base64.getDecoder().decode("QSXCR+Q6sek8bf92"), 4096);

    @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
    void answersEveryMessageWithAStep(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        String name = MECHANISMS[(input[0] & 0xFF) % MECHANISMS.length];
        SaslMechanism m = name.equals("PLAIN") ? new PlainMechanism(REPO, InMemoryAuthRepository.DOMAIN, CONNECTION)
                : new ScramMechanism(name, REPO, InMemoryAuthRepository.DOMAIN, CONNECTION, SECRET, "3rfcNHYJY1ZVvWVs7j");
        boolean over = false;
        for (byte[] message : messages(input)) {
            SaslStep step = m.evaluate(message).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertNotNull(step, "a step for every message");
            if (over) {
                assertEquals("malformed-request", assertInstanceOf(SaslStep.Failure.class, step).condition(), "nothing after the end");
                continue;
            }
            if (step instanceof SaslStep.Failure f) {
                assertTrue(CONDITIONS.contains(f.condition()), f.condition());
                over = true;
            } else if (step instanceof SaslStep.Success s) {
                assertNotNull(s.bareJid());
                over = true;
            } else if (step instanceof SaslStep.Challenge c && !name.equals("PLAIN")) {
                StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(c.data())); // throws if not UTF-8
            }
        }
    }

    private static List<byte[]> messages(byte[] input) {
        List<byte[]> out = new ArrayList<>();
        int start = 1;
        for (int i = 1; i <= input.length; i++) {
            if (i == input.length || input[i] == (byte) 0xFF) {
                out.add(Arrays.copyOfRange(input, start, i));
                start = i + 1;
            }
        }
        return out;
    }
}
