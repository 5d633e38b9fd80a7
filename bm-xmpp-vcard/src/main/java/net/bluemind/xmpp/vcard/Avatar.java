package net.bluemind.xmpp.vcard;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A user's photo as served everywhere (vCard PHOTO, XEP-0084 data, XEP-0153 hash): one image, one SHA-1. */
public record Avatar(byte[] bytes, String type, int width, int height, String sha1) {

    public static Avatar of(byte[] bytes, String type, int width, int height) {
        return new Avatar(bytes, type, width, height, sha1(bytes));
    }

    public static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
