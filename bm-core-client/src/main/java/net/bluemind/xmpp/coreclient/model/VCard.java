package net.bluemind.xmpp.coreclient.model;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The subset of BlueMind's {@code VCard} that XMPP vCards use (BlueMind spells it {@code formatedName}). */
public record VCard(String kind, Identification identification, Communications communications,
                    Organizational organizational, List<DeliveryAddressing> deliveryAddressing,
                    Explanatory explanatory) {

    /** @param birthday as bm-core sends it (an ISO date or epoch milliseconds) */
    public record Identification(@JsonProperty("formatedName") Text formattedName, Name name, Text nickname,
                                 boolean photo, String birthday) {
    }

    public record DeliveryAddressing(Address address) {
    }

    /** BlueMind's own spelling {@code extentedAddress}. */
    public record Address(String label, String postOfficeBox, @JsonProperty("extentedAddress") String extendedAddress,
                          String streetAddress, String locality, String region, String postalCode, String countryName,
                          List<Parameter> parameters) {
    }

    public record Explanatory(List<Text> urls, String note, List<Text> categories) {
    }

    public record Name(String familyNames, String givenNames, String additionalNames, String prefixes,
                       String suffixes) {
    }

    public record Text(String value, List<Parameter> parameters) {
    }

    public record Parameter(String label, String value) {
    }

    public record Communications(List<Text> tels, List<Text> emails, List<Text> impps) {
    }

    public record Organizational(String title, String role, Org org) {
    }

    public record Org(String company, String division, String department) {
    }

    public Optional<String> formattedName() {
        return Optional.ofNullable(identification).map(Identification::formattedName).map(Text::value);
    }

    public Optional<String> title() {
        return Optional.ofNullable(organizational).map(Organizational::title);
    }

    public List<String> phones() {
        return communications == null || communications.tels() == null ? List.of()
                : communications.tels().stream().map(Text::value).toList();
    }

    public boolean hasPhoto() {
        return identification != null && identification.photo();
    }
}
