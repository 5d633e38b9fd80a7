package net.bluemind.xmpp.server.s2s;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Dialback keys as XEP-0185 recommends: {@code HEX(HMAC-SHA256(SHA256(secret), receiving ' ' originating ' ' streamId))}.
 * The key proves to the receiving server, through the authoritative server (us, asked with db:verify), that
 * the originating stream really came from us; no state is kept between the two connections.
 */
final class DialbackKeys {

    private final byte[] hashedSecret;

    DialbackKeys(String secret) {
        String s = secret;
        if (s == null) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            s = HexFormat.of().formatHex(random);
        }
        try {
            hashedSecret = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    String key(String receiving, String originating, String streamId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hashedSecret, "HmacSHA256"));
            byte[] out = mac.doFinal((receiving + ' ' + originating + ' ' + streamId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JDK", e);
        }
    }

    /** Constant-time comparison, so the answer's timing tells nothing about the expected key. */
    boolean valid(String key, String receiving, String originating, String streamId) {
        if (key == null || streamId == null) {
            return false;
        }
        return MessageDigest.isEqual(key(receiving, originating, streamId).getBytes(StandardCharsets.UTF_8),
                key.trim().getBytes(StandardCharsets.UTF_8));
    }
}
