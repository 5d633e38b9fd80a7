package net.bluemind.xmpp.server.config;

/** A configuration error, naming the file and the key so an admin can fix it. */
public final class ConfigException extends Exception {

    public ConfigException(String file, String key, String problem) {
        super(file + ": " + (key == null || key.isEmpty() ? "" : "key '" + key + "': ") + problem);
    }
}
