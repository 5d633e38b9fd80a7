package net.bluemind.xmpp.vcard;

import java.util.List;
import java.util.Locale;

import ezvcard.VCard;
import ezvcard.parameter.AddressType;
import ezvcard.parameter.EmailType;
import ezvcard.parameter.TelephoneType;
import ezvcard.property.Address;
import ezvcard.property.Birthday;
import ezvcard.property.Email;
import ezvcard.property.Impp;
import ezvcard.property.Organization;
import ezvcard.property.StructuredName;
import ezvcard.property.Telephone;
import net.bluemind.xmpp.coreclient.model.VCard.Parameter;
import net.bluemind.xmpp.coreclient.model.VCard.Text;

/** BlueMind's {@code VCard} JSON (bm-core-client model) → the ez-vcard model both XMPP formats are written from. */
final class CardMapper {

    private CardMapper() {
    }

    static VCard toVCard(net.bluemind.xmpp.coreclient.model.VCard bm, String defaultEmail) {
        VCard v = new VCard();
        var id = bm.identification();
        if (id != null) {
            identification(v, id);
        }
        if (bm.communications() != null) {
            communications(v, bm.communications());
        }
        var o = bm.organizational();
        if (o != null) {
            organizational(v, o);
        }
        if (bm.deliveryAddressing() != null) {
            for (var d : bm.deliveryAddressing()) {
                if (d != null && d.address() != null) {
                    v.addAddress(address(d.address()));
                }
            }
        }
        var e = bm.explanatory();
        if (e != null) {
            for (Text u : nonNull(e.urls())) {
                if (u != null && u.value() != null) {
                    v.addUrl(u.value());
                }
            }
            if (e.note() != null && !e.note().isBlank()) {
                v.addNote(e.note());
            }
        }
        if (defaultEmail != null) {
            v.addImpp(new Impp("xmpp", defaultEmail));
        }
        return v;
    }

    private static void identification(VCard v, net.bluemind.xmpp.coreclient.model.VCard.Identification id) {
        if (id.formattedName() != null && id.formattedName().value() != null) {
            v.setFormattedName(id.formattedName().value());
        }
        var n = id.name();
        if (n != null) {
            StructuredName sn = new StructuredName();
            sn.setFamily(n.familyNames());
            sn.setGiven(n.givenNames());
            addIf(sn.getAdditionalNames(), n.additionalNames());
            addIf(sn.getPrefixes(), n.prefixes());
            addIf(sn.getSuffixes(), n.suffixes());
            v.setStructuredName(sn);
        }
        if (id.nickname() != null && id.nickname().value() != null && !id.nickname().value().isBlank()) {
            v.setNickname(id.nickname().value());
        }
        if (id.birthday() != null && !id.birthday().isBlank()) {
            v.setBirthday(new Birthday(birthday(id.birthday())));
        }
    }

    /** bm-core sends an ISO date or epoch milliseconds; XMPP wants ISO 8601 (YYYY-MM-DD). */
    private static String birthday(String raw) {
        if (raw.chars().allMatch(Character::isDigit)) {
            return java.time.Instant.ofEpochMilli(Long.parseLong(raw)).atZone(java.time.ZoneOffset.UTC).toLocalDate().toString();
        }
        return raw.length() >= 10 ? raw.substring(0, 10) : raw;
    }

    private static void communications(VCard v, net.bluemind.xmpp.coreclient.model.VCard.Communications c) {
        for (Text t : nonNull(c.tels())) {
            if (t == null || t.value() == null) {
                continue;
            }
            Telephone tel = new Telephone(t.value());
            for (String type : types(t.parameters())) {
                tel.getTypes().add(TelephoneType.get(type));
            }
            v.addTelephoneNumber(tel);
        }
        for (Text t : nonNull(c.emails())) {
            if (t == null || t.value() == null) {
                continue;
            }
            Email mail = new Email(t.value());
            for (String type : types(t.parameters())) {
                mail.getTypes().add(EmailType.get(type));
            }
            if (isDefault(t.parameters())) {
                mail.setPref(1);
            }
            v.addEmail(mail);
        }
    }

    private static void organizational(VCard v, net.bluemind.xmpp.coreclient.model.VCard.Organizational o) {
        if (o.title() != null && !o.title().isBlank()) {
            v.addTitle(o.title());
        }
        if (o.role() != null && !o.role().isBlank()) {
            v.addRole(o.role());
        }
        var org = o.org();
        if (org != null && org.company() != null && !org.company().isBlank()) {
            Organization organization = new Organization();
            organization.getValues().add(org.company());
            addIf(organization.getValues(), org.division());
            addIf(organization.getValues(), org.department());
            v.setOrganization(organization);
        }
    }

    private static Address address(net.bluemind.xmpp.coreclient.model.VCard.Address a) {
        Address adr = new Address();
        adr.setPoBox(a.postOfficeBox());
        adr.setExtendedAddress(a.extendedAddress());
        adr.setStreetAddress(a.streetAddress());
        adr.setLocality(a.locality());
        adr.setRegion(a.region());
        adr.setPostalCode(a.postalCode());
        adr.setCountry(a.countryName());
        adr.setLabel(a.label());
        for (String type : types(a.parameters())) {
            adr.getTypes().add(AddressType.get(type));
        }
        return adr;
    }

    private static List<String> types(List<Parameter> parameters) {
        return nonNull(parameters).stream().filter(p -> p != null && "TYPE".equalsIgnoreCase(p.label()) && p.value() != null)
                .flatMap(p -> List.of(p.value().split(",")).stream()).map(s -> s.strip().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty()).toList();
    }

    private static boolean isDefault(List<Parameter> parameters) {
        return nonNull(parameters).stream().anyMatch(p -> p != null && "DEFAULT".equalsIgnoreCase(p.label()) && "true".equals(p.value()));
    }

    private static void addIf(List<String> list, String value) {
        if (value != null && !value.isBlank()) {
            list.add(value);
        }
    }

    private static <T> List<T> nonNull(List<T> l) {
        return l == null ? List.of() : l;
    }
}
