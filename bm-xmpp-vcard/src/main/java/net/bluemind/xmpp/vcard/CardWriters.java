package net.bluemind.xmpp.vcard;

import java.util.Base64;
import java.util.List;
import java.util.Locale;

import ezvcard.VCard;
import ezvcard.property.Address;
import ezvcard.property.Email;
import ezvcard.property.Impp;
import ezvcard.property.Telephone;
import net.bluemind.xmpp.xml.Element;

/** Writes the ez-vcard model as XEP-0054 vcard-temp and as XEP-0292 xCard (RFC 6351). */
final class CardWriters {

    static final String VCARD_TEMP = "vcard-temp";
    static final String VCARD4 = "urn:ietf:params:xml:ns:vcard-4.0";

    private CardWriters() {
    }

    static Element vcardTemp(VCard v, Avatar avatar) {
        Element.Builder b = Element.builder("vCard", VCARD_TEMP);
        if (v == null) {
            return b.build();
        }
        text(b, VCARD_TEMP, "FN", v.getFormattedName() == null ? null : v.getFormattedName().getValue());
        if (v.getStructuredName() != null) {
            var n = v.getStructuredName();
            Element.Builder nb = Element.builder("N", VCARD_TEMP);
            text(nb, VCARD_TEMP, "FAMILY", n.getFamily());
            text(nb, VCARD_TEMP, "GIVEN", n.getGiven());
            text(nb, VCARD_TEMP, "MIDDLE", join(n.getAdditionalNames()));
            text(nb, VCARD_TEMP, "PREFIX", join(n.getPrefixes()));
            text(nb, VCARD_TEMP, "SUFFIX", join(n.getSuffixes()));
            b.child(nb.build());
        }
        if (v.getNickname() != null) {
            text(b, VCARD_TEMP, "NICKNAME", join(v.getNickname().getValues()));
        }
        if (v.getBirthday() != null) {
            text(b, VCARD_TEMP, "BDAY", v.getBirthday().getText());
        }
        if (v.getOrganization() != null) {
            List<String> values = v.getOrganization().getValues();
            Element.Builder ob = Element.builder("ORG", VCARD_TEMP);
            text(ob, VCARD_TEMP, "ORGNAME", values.get(0));
            for (String unit : values.subList(1, values.size())) {
                text(ob, VCARD_TEMP, "ORGUNIT", unit);
            }
            b.child(ob.build());
        }
        v.getTitles().forEach(t -> text(b, VCARD_TEMP, "TITLE", t.getValue()));
        v.getRoles().forEach(r -> text(b, VCARD_TEMP, "ROLE", r.getValue()));
        for (Telephone t : v.getTelephoneNumbers()) {
            Element.Builder tb = Element.builder("TEL", VCARD_TEMP);
            types(tb, t.getTypes().stream().map(x -> x.getValue()).toList(), List.of("home", "work", "voice", "fax", "pager", "msg",
                    "cell", "video", "bbs", "modem", "isdn", "pcs", "pref"));
            text(tb, VCARD_TEMP, "NUMBER", t.getText());
            b.child(tb.build());
        }
        for (Email e : v.getEmails()) {
            Element.Builder eb = Element.builder("EMAIL", VCARD_TEMP);
            types(eb, e.getTypes().stream().map(x -> x.getValue()).toList(), List.of("home", "work", "internet", "x400"));
            eb.child(Element.empty("INTERNET", VCARD_TEMP));
            if (e.getPref() != null) {
                eb.child(Element.empty("PREF", VCARD_TEMP));
            }
            text(eb, VCARD_TEMP, "USERID", e.getValue());
            b.child(eb.build());
        }
        for (Address a : v.getAddresses()) {
            Element.Builder ab = Element.builder("ADR", VCARD_TEMP);
            types(ab, a.getTypes().stream().map(x -> x.getValue()).toList(), List.of("home", "work", "postal", "parcel", "dom", "intl"));
            text(ab, VCARD_TEMP, "POBOX", a.getPoBox());
            text(ab, VCARD_TEMP, "EXTADD", a.getExtendedAddressFull());
            text(ab, VCARD_TEMP, "STREET", a.getStreetAddressFull());
            text(ab, VCARD_TEMP, "LOCALITY", a.getLocality());
            text(ab, VCARD_TEMP, "REGION", a.getRegion());
            text(ab, VCARD_TEMP, "PCODE", a.getPostalCode());
            text(ab, VCARD_TEMP, "CTRY", a.getCountry());
            b.child(ab.build());
        }
        v.getUrls().forEach(u -> text(b, VCARD_TEMP, "URL", u.getValue()));
        v.getNotes().forEach(n -> text(b, VCARD_TEMP, "NOTE", n.getValue()));
        for (Impp i : v.getImpps()) {
            if ("xmpp".equals(i.getProtocol())) {
                text(b, VCARD_TEMP, "JABBERID", i.getHandle());
            }
        }
        if (avatar != null) {
            b.child(Element.builder("PHOTO", VCARD_TEMP).textChild("TYPE", VCARD_TEMP, avatar.type())
                    .textChild("BINVAL", VCARD_TEMP, Base64.getEncoder().encodeToString(avatar.bytes())).build());
        }
        return b.build();
    }

    static Element xCard(VCard v, Avatar avatar) {
        Element.Builder b = Element.builder("vcard", VCARD4);
        if (v == null) {
            return b.build();
        }
        if (v.getFormattedName() != null) {
            b.child(typed("fn", "text", v.getFormattedName().getValue()));
        }
        if (v.getStructuredName() != null) {
            var n = v.getStructuredName();
            Element.Builder nb = Element.builder("n", VCARD4);
            text(nb, VCARD4, "surname", n.getFamily() == null ? "" : n.getFamily());
            text(nb, VCARD4, "given", n.getGiven() == null ? "" : n.getGiven());
            text(nb, VCARD4, "additional", join(n.getAdditionalNames()) == null ? "" : join(n.getAdditionalNames()));
            text(nb, VCARD4, "prefix", join(n.getPrefixes()) == null ? "" : join(n.getPrefixes()));
            text(nb, VCARD4, "suffix", join(n.getSuffixes()) == null ? "" : join(n.getSuffixes()));
            b.child(nb.build());
        }
        if (v.getNickname() != null && !v.getNickname().getValues().isEmpty()) {
            b.child(typed("nickname", "text", join(v.getNickname().getValues())));
        }
        if (v.getBirthday() != null) {
            b.child(typed("bday", "date", v.getBirthday().getText()));
        }
        if (v.getOrganization() != null) {
            Element.Builder ob = Element.builder("org", VCARD4);
            v.getOrganization().getValues().forEach(x -> text(ob, VCARD4, "text", x));
            b.child(ob.build());
        }
        v.getTitles().forEach(t -> b.child(typed("title", "text", t.getValue())));
        v.getRoles().forEach(r -> b.child(typed("role", "text", r.getValue())));
        for (Telephone t : v.getTelephoneNumbers()) {
            b.child(withTypes(typed("tel", "uri", "tel:" + t.getText().replace(" ", "-")),
                    t.getTypes().stream().map(x -> x.getValue()).toList()));
        }
        for (Email e : v.getEmails()) {
            b.child(withTypes(typed("email", "text", e.getValue()), e.getTypes().stream().map(x -> x.getValue()).toList()));
        }
        for (Address a : v.getAddresses()) {
            Element.Builder ab = Element.builder("adr", VCARD4);
            text(ab, VCARD4, "pobox", orEmpty(a.getPoBox()));
            text(ab, VCARD4, "ext", orEmpty(a.getExtendedAddressFull()));
            text(ab, VCARD4, "street", orEmpty(a.getStreetAddressFull()));
            text(ab, VCARD4, "locality", orEmpty(a.getLocality()));
            text(ab, VCARD4, "region", orEmpty(a.getRegion()));
            text(ab, VCARD4, "code", orEmpty(a.getPostalCode()));
            text(ab, VCARD4, "country", orEmpty(a.getCountry()));
            b.child(withTypes(ab.build(), a.getTypes().stream().map(x -> x.getValue()).toList()));
        }
        v.getUrls().forEach(u -> b.child(typed("url", "uri", u.getValue())));
        v.getNotes().forEach(n -> b.child(typed("note", "text", n.getValue())));
        for (Impp i : v.getImpps()) {
            b.child(typed("impp", "uri", i.getUri().toString()));
        }
        if (avatar != null) {
            b.child(typed("photo", "uri", "data:" + avatar.type() + ";base64," + Base64.getEncoder().encodeToString(avatar.bytes())));
        }
        return b.build();
    }

    private static Element typed(String property, String valueType, String value) {
        return Element.builder(property, VCARD4).textChild(valueType, VCARD4, value == null ? "" : value).build();
    }

    private static Element withTypes(Element property, List<String> types) {
        if (types.isEmpty()) {
            return property;
        }
        Element.Builder type = Element.builder("type", VCARD4);
        types.forEach(t -> type.textChild("text", VCARD4, t));
        Element parameters = Element.builder("parameters", VCARD4).child(type.build()).build();
        Element.Builder out = Element.builder(property.name(), VCARD4).child(parameters);
        out.children(property.childElements());
        return out.build();
    }

    private static void types(Element.Builder b, List<String> types, List<String> known) {
        for (String t : types) {
            String lower = t.toLowerCase(Locale.ROOT);
            if (known.contains(lower)) {
                b.child(Element.empty(lower.toUpperCase(Locale.ROOT), VCARD_TEMP));
            }
        }
    }

    private static void text(Element.Builder b, String ns, String name, String value) {
        if (value != null && (!value.isBlank() || VCARD4.equals(ns))) {
            b.textChild(name, ns, value);
        }
    }

    private static String join(List<String> values) {
        return values == null || values.isEmpty() ? null : String.join(" ", values);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
