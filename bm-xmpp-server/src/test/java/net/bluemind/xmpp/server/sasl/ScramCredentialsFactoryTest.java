package net.bluemind.xmpp.server.sasl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.spi.ScramCredentials;

class ScramCredentialsFactoryTest {

    private static final byte[] SALT = HexFormat.of().parseHex("0123456789abcdef0123456789abcdef");

    @Test
    void derivesVerifiersOfTheHashLength() {
        ScramCredentials sha1 = ScramCredentialsFactory.derive("SHA-1", "alice", "pencil", SALT, 4096);
        ScramCredentials sha256 = ScramCredentialsFactory.derive("SHA-256", "alice", "pencil", SALT, 4096);
        assertEquals(20, sha1.storedKey().length);
        assertEquals(20, sha1.serverKey().length);
        assertEquals(32, sha256.storedKey().length);
        assertEquals(32, sha256.serverKey().length);
        assertEquals("alice", sha256.username());
        assertEquals(4096, sha256.iterations());
        assertArrayEquals(SALT, sha256.salt());
    }

    @Test
    void derivesTheSameVerifiersForTheSameInputsOnly() {
        ScramCredentials a = ScramCredentialsFactory.derive("SHA-256", "alice", "pencil", SALT, 4096);
        ScramCredentials b = ScramCredentialsFactory.derive("SHA-256", "alice", "pencil", SALT, 4096);
        ScramCredentials otherPassword = ScramCredentialsFactory.derive("SHA-256", "alice", "pencil2", SALT, 4096);
        ScramCredentials otherCount = ScramCredentialsFactory.derive("SHA-256", "alice", "pencil", SALT, 4097);
        assertArrayEquals(a.storedKey(), b.storedKey());
        assertFalse(MessageDigest.isEqual(a.storedKey(), otherPassword.storedKey()));
        assertFalse(MessageDigest.isEqual(a.storedKey(), otherCount.storedKey()));
        assertFalse(MessageDigest.isEqual(a.storedKey(), a.serverKey()));
    }

    @Test
    void keepsItsOwnCopyOfTheSalt() {
        byte[] salt = SALT.clone();
        ScramCredentials c = ScramCredentialsFactory.derive("SHA-1", "alice", "pencil", salt, 1);
        Arrays.fill(salt, (byte) 0);
        assertArrayEquals(SALT, c.salt());
    }

    @Test
    void drawsARandomSaltWithTheDefaultCount() {
        ScramCredentials c = ScramCredentialsFactory.derive("SHA-256", "alice", "pencil", new SecureRandom());
        assertEquals(ScramCredentialsFactory.DEFAULT_SALT_LENGTH, c.salt().length);
        assertEquals(ScramCredentialsFactory.DEFAULT_ITERATIONS, c.iterations());
    }

    @Test
    void refusesUnknownHashesAndDegenerateParameters() {
        assertThrows(IllegalArgumentException.class, () -> ScramCredentialsFactory.derive("MD5", "alice", "pencil", SALT, 4096));
        assertThrows(IllegalArgumentException.class, () -> ScramCredentialsFactory.derive("SHA-1", "alice", "pencil", new byte[0], 4096));
        assertThrows(IllegalArgumentException.class, () -> ScramCredentialsFactory.derive("SHA-1", "alice", "pencil", SALT, 0));
    }
}
