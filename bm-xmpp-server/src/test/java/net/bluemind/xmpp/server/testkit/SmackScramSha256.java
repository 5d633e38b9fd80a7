package net.bluemind.xmpp.server.testkit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.callback.CallbackHandler;

import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.sasl.SASLMechanism;

/**
 * SCRAM-SHA-256 (RFC 7677) for Smack, whose own SCRAM code hashes the client key with SHA-1 whatever
 * the mechanism, so it only does SCRAM-SHA-1. Plugged into Smack's SASL machinery: the login still
 * runs through Smack over the real socket.
 */
public final class SmackScramSha256 extends SASLMechanism {

    public static final String NAME = "SCRAM-SHA-256";
    private static final String HMAC = "HmacSHA256";

    private String clientNonce;
    private String clientFirstBare;
    private byte[] expectedServerSignature;
    private boolean serverVerified;

    @Override
    protected void authenticateInternal(CallbackHandler cbh) {
        throw new UnsupportedOperationException("password logins only");
    }

    @Override
    protected byte[] getAuthenticationText() {
        byte[] r = new byte[18];
        new SecureRandom().nextBytes(r);
        clientNonce = Base64.getEncoder().encodeToString(r);
        clientFirstBare = "n=" + authenticationId.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
        return ("n,," + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected byte[] evaluateChallenge(byte[] challenge) throws SmackException.SmackSaslException {
        String text = new String(challenge, StandardCharsets.UTF_8);
        try {
            if (expectedServerSignature == null) {
                return clientFinal(text);
            }
            serverVerified = text.equals("v=" + Base64.getEncoder().encodeToString(expectedServerSignature));
            return null;
        } catch (GeneralSecurityException e) {
            throw new SmackException.SmackSaslException(e);
        }
    }

    private byte[] clientFinal(String serverFirst) throws GeneralSecurityException, SmackException.SmackSaslException {
        Map<Character, String> a = new HashMap<>();
        for (String part : serverFirst.split(",")) {
            a.put(part.charAt(0), part.substring(2));
        }
        String nonce = a.get('r');
        if (nonce == null || !nonce.startsWith(clientNonce)) {
            throw new SmackException.SmackSaslException("server nonce does not extend ours");
        }
        byte[] salt = Base64.getDecoder().decode(a.get('s'));
        int iterations = Integer.parseInt(a.get('i'));
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
        byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        byte[] clientKey = hmac(salted, "Client Key");
        byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
        String withoutProof = "c=biws,r=" + nonce;
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] signature = hmac(storedKey, authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        expectedServerSignature = hmac(hmac(salted, "Server Key"), authMessage);
        return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
        Mac m = Mac.getInstance(HMAC);
        m.init(new SecretKeySpec(key, HMAC));
        return m.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public int getPriority() {
        return 105; // Smack's SCRAM-SHA-1 is 110: prefer this one
    }

    @Override
    protected void checkIfSuccessfulOrThrow() throws SmackException.SmackSaslException {
        if (!serverVerified) {
            throw new SmackException.SmackSaslException("the server did not prove it knows the SCRAM-SHA-256 verifier");
        }
    }

    @Override
    protected SASLMechanism newInstance() {
        return new SmackScramSha256();
    }
}
