package net.bluemind.xmpp.spi;

/**
 * SCRAM verifiers of one account for one hash (RFC 5802 §3): what a server stores instead of the password.
 *
 * @param username   the account's canonical username (local part)
 * @param salt       the salt the password was salted with
 * @param iterations PBKDF2 iteration count
 * @param storedKey  H(ClientKey)
 * @param serverKey  HMAC(SaltedPassword, "Server Key")
 */
public record ScramCredentials(String username, byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
}
