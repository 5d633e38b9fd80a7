package net.bluemind.xmpp.server.sasl;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of SCRAM, written apart from the server's code (Hi is computed by hand here, not with
 * the JDK's PBKDF2) so that a shared mistake cannot make both sides agree.
 */
final class ScramTestClient {

    private final String digest;
    private final String mac;
    private final String gs2Header;
    private final String username;
    private final String password;
    private final String clientNonce;
    private String clientFirstBare;
    private byte[] expectedServerSignature;
    String nonceOverride;

    /**
     * @param hashName "SHA-1" or "SHA-256"
     * @param username the saslname as it goes on the wire (already escaped)
     */
    ScramTestClient(String hashName, String gs2Header, String username, String password, String clientNonce) {
        this.digest = hashName;
        this.mac = "Hmac" + hashName.replace("-", "");
        this.gs2Header = gs2Header;
        this.username = username;
        this.password = password;
        this.clientNonce = clientNonce;
    }

    byte[] clientFirst() {
        clientFirstBare = "n=" + username + ",r=" + clientNonce;
        return (gs2Header + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    byte[] clientFinal(byte[] serverFirstBytes) throws GeneralSecurityException {
        String serverFirst = new String(serverFirstBytes, StandardCharsets.UTF_8);
        Map<Character, String> attrs = new HashMap<>();
        for (String part : serverFirst.split(",")) {
            attrs.put(part.charAt(0), part.substring(2));
        }
        String nonce = attrs.get('r');
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw new IllegalStateException("server nonce does not extend ours: " + serverFirst);
        }
        byte[] salt = Base64.getDecoder().decode(attrs.get('s'));
        int iterations = Integer.parseInt(attrs.get('i'));

        byte[] saltedPassword = hi(password.getBytes(StandardCharsets.UTF_8), salt, iterations);
        byte[] clientKey = hmac(saltedPassword, "Client Key");
        byte[] storedKey = MessageDigest.getInstance(digest).digest(clientKey);
        String withoutProof = "c=" + Base64.getEncoder().encodeToString(gs2Header.getBytes(StandardCharsets.UTF_8))
                + ",r=" + (nonceOverride != null ? nonceOverride : nonce);
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] clientSignature = hmac(storedKey, authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
        }
        expectedServerSignature = hmac(hmac(saltedPassword, "Server Key"), authMessage);
        return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
    }

    /** Whether the server's final message proves that it knows our verifiers. */
    boolean serverFinalValid(byte[] serverFinal) {
        String expected = "v=" + Base64.getEncoder().encodeToString(expectedServerSignature);
        return serverFinal != null && expected.equals(new String(serverFinal, StandardCharsets.UTF_8));
    }

    private byte[] hi(byte[] pass, byte[] salt, int iterations) throws GeneralSecurityException {
        Mac m = Mac.getInstance(mac);
        m.init(new SecretKeySpec(pass, mac));
        m.update(salt);
        byte[] u = m.doFinal(new byte[] { 0, 0, 0, 1 });
        byte[] result = u.clone();
        for (int n = 1; n < iterations; n++) {
            u = m.doFinal(u);
            for (int i = 0; i < result.length; i++) {
                result[i] ^= u[i];
            }
        }
        return result;
    }

    private byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
        Mac m = Mac.getInstance(mac);
        m.init(new SecretKeySpec(key, mac));
        return m.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
