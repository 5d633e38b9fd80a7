package net.bluemind.xmpp.server.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonMappingException;

import net.bluemind.xmpp.server.config.ConfigException;
import net.bluemind.xmpp.server.config.ConfigLoader;

/**
 * The standalone account directory file: users with their passwords, addresses and roles. Stands in
 * for BlueMind's directory when the server runs alone (demo, engine tests).
 */
public record LocalDirectory(List<User> users) {

    public LocalDirectory {
        users = users == null ? List.of() : List.copyOf(users);
    }

    /**
     * @param jid       the account's bare JID (its default address)
     * @param name      display name
     * @param password  the password (the demo directory keeps them in clear; production accounts live in BlueMind)
     * @param addresses other addresses of the same account, which log in to it too
     * @param roles     BlueMind-style roles; {@code hasIM} is needed to chat
     */
    public record User(String jid, String name, String password, List<String> addresses, List<String> roles) {
        public User {
            addresses = addresses == null ? List.of() : List.copyOf(addresses);
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }

    public static LocalDirectory load(Path file) throws ConfigException {
        try {
            LocalDirectory d = ConfigLoader.yamlMapper().readValue(file.toFile(), LocalDirectory.class);
            d = d == null ? new LocalDirectory(null) : d;
            for (int i = 0; i < d.users().size(); i++) {
                User u = d.users().get(i);
                if (u.jid() == null || u.jid().indexOf('@') <= 0) {
                    throw new ConfigException(file.toString(), "users[" + i + "].jid", "'" + u.jid() + "' is not a bare JID");
                }
                if (u.password() == null || u.password().isEmpty()) {
                    throw new ConfigException(file.toString(), "users[" + i + "].password", "missing");
                }
            }
            return d;
        } catch (JsonMappingException e) {
            StringBuilder key = new StringBuilder();
            for (JsonMappingException.Reference r : e.getPath()) {
                key.append(r.getFieldName() != null ? (key.length() > 0 ? "." : "") + r.getFieldName() : "[" + r.getIndex() + "]");
            }
            throw new ConfigException(file.toString(), key.toString(), e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(file.toString(), null, "cannot read: " + e.getMessage());
        }
    }
}
