package net.bluemind.xmpp.server.sasl;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The syntax of the two client messages of SCRAM (RFC 5802 §7), checked strictly: a server that guesses
 * at broken input gives an attacker more to play with.
 */
final class ScramMessages {

    /** A client message that breaks the grammar; the message says how, for the log. */
    static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxException(String message) {
            // No stack trace: this is the client's fault, not a bug to trace.
            super(message, null, false, false);
        }
    }

    /**
     * @param gs2Header   the GS2 header with its trailing comma, as sent (the client echoes it in {@code c=})
     * @param authzid     the decoded {@code a=} identity, or null
     * @param username    the decoded {@code n=} identity
     * @param clientNonce the client's part of the nonce
     * @param bare        client-first-message-bare, part of the AuthMessage
     */
    record ClientFirst(String gs2Header, String authzid, String username, String clientNonce, String bare) {
    }

    /**
     * @param channelBinding the decoded {@code c=} value
     * @param nonce          the whole nonce the client echoes
     * @param withoutProof   client-final-message-without-proof, part of the AuthMessage
     * @param proof          the decoded ClientProof
     */
    record ClientFinal(byte[] channelBinding, String nonce, String withoutProof, byte[] proof) {
    }

    private ScramMessages() {
    }

    static ClientFirst parseClientFirst(byte[] data) throws SyntaxException {
        String text = utf8(data);
        int first = text.indexOf(',');
        int second = first < 0 ? -1 : text.indexOf(',', first + 1);
        if (second < 0) {
            throw new SyntaxException("client-first-message lacks a GS2 header");
        }
        String cbindFlag = text.substring(0, first);
        if (cbindFlag.startsWith("p=")) {
            throw new SyntaxException("client requires channel binding (" + cbindFlag
                    + "), which this server does not offer (no -PLUS mechanism)");
        }
        // "y" means the client could bind but believes the server cannot: true, since no -PLUS is offered.
        if (!cbindFlag.equals("n") && !cbindFlag.equals("y")) {
            throw new SyntaxException("invalid GS2 channel binding flag");
        }
        String authzPart = text.substring(first + 1, second);
        String authzid = null;
        if (!authzPart.isEmpty()) {
            if (!authzPart.startsWith("a=")) {
                throw new SyntaxException("invalid GS2 authzid");
            }
            authzid = decodeSaslname(authzPart.substring(2));
        }

        String bare = text.substring(second + 1);
        String[] attributes = bare.split(",", -1);
        if (attributes[0].startsWith("m=")) {
            throw new SyntaxException("client-first-message has a mandatory extension (m=), none is supported");
        }
        if (attributes.length < 2 || !attributes[0].startsWith("n=") || !attributes[1].startsWith("r=")) {
            throw new SyntaxException("client-first-message-bare must start with n= and r=");
        }
        String username = decodeSaslname(attributes[0].substring(2));
        String nonce = attributes[1].substring(2);
        checkNonce(nonce);
        checkExtensions(attributes, 2);
        return new ClientFirst(text.substring(0, second + 1), authzid, username, nonce, bare);
    }

    static ClientFinal parseClientFinal(byte[] data) throws SyntaxException {
        String text = utf8(data);
        int proofAt = text.lastIndexOf(",p=");
        if (proofAt < 0) {
            throw new SyntaxException("client-final-message lacks the proof");
        }
        String withoutProof = text.substring(0, proofAt);
        byte[] proof = base64(text.substring(proofAt + 3), "proof");
        String[] attributes = withoutProof.split(",", -1);
        if (attributes.length < 2 || !attributes[0].startsWith("c=") || !attributes[1].startsWith("r=")) {
            throw new SyntaxException("client-final-message must start with c= and r=");
        }
        byte[] channelBinding = base64(attributes[0].substring(2), "channel binding");
        String nonce = attributes[1].substring(2);
        checkNonce(nonce);
        checkExtensions(attributes, 2);
        return new ClientFinal(channelBinding, nonce, withoutProof, proof);
    }

    /** Undoes the escaping of a saslname: "=2C" is ',' and "=3D" is '='; any other '=' is an error. */
    static String decodeSaslname(String value) throws SyntaxException {
        if (value.isEmpty()) {
            throw new SyntaxException("empty saslname");
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0' || c == ',') {
                throw new SyntaxException("forbidden character in saslname");
            }
            if (c != '=') {
                out.append(c);
            } else if (value.startsWith("=2C", i)) {
                out.append(',');
                i += 2;
            } else if (value.startsWith("=3D", i)) {
                out.append('=');
                i += 2;
            } else {
                throw new SyntaxException("invalid '=' escape in saslname");
            }
        }
        return out.toString();
    }

    private static void checkNonce(String nonce) throws SyntaxException {
        if (nonce.isEmpty()) {
            throw new SyntaxException("empty nonce");
        }
        for (int i = 0; i < nonce.length(); i++) {
            char c = nonce.charAt(i);
            if (c < 0x21 || c > 0x7e || c == ',') {
                throw new SyntaxException("non-printable character in nonce");
            }
        }
    }

    /** Unknown optional extensions are ignored (RFC 5802 §5.1), but each must still be an attr=value. */
    private static void checkExtensions(String[] attributes, int from) throws SyntaxException {
        for (int i = from; i < attributes.length; i++) {
            String a = attributes[i];
            boolean alpha = !a.isEmpty() && ((a.charAt(0) >= 'a' && a.charAt(0) <= 'z') || (a.charAt(0) >= 'A' && a.charAt(0) <= 'Z'));
            if (!alpha || a.length() < 3 || a.charAt(1) != '=') {
                throw new SyntaxException("malformed attribute");
            }
        }
    }

    private static byte[] base64(String value, String what) throws SyntaxException {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new SyntaxException("invalid base64 in " + what);
        }
    }

    private static String utf8(byte[] data) throws SyntaxException {
        if (data == null || data.length == 0) {
            throw new SyntaxException("empty message");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            throw new SyntaxException("message is not valid UTF-8");
        }
    }
}
