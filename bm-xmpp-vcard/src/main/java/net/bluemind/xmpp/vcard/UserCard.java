package net.bluemind.xmpp.vcard;

import ezvcard.VCard;

/** What bm-core says of one account: its card (ez-vcard model) and its photo, null when none. */
public record UserCard(String domainUid, String userUid, VCard card, Avatar avatar) {
}
