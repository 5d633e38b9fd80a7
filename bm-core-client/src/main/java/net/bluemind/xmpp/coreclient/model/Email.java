package net.bluemind.xmpp.coreclient.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One address of a user; {@code allAliases} makes its local part valid in every alias of the domain. */
public record Email(String address, boolean allAliases, @JsonProperty("isDefault") boolean isDefault) {
}
