package net.bluemind.xmpp.coreclient.model;

import java.util.List;
import java.util.Optional;

/** The part of BlueMind's {@code User} that bm-xmpp reads. */
public record User(String login, List<Email> emails, boolean archived, boolean hidden, boolean system,
                   String accountType, VCard contactInfos) {

    /** The default email: the user's bare JID. */
    public Optional<String> defaultEmail() {
        return emails == null ? Optional.empty()
                : emails.stream().filter(Email::isDefault).map(Email::address).findFirst();
    }
}
