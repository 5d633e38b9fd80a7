package net.bluemind.xmpp.server.caps;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import net.bluemind.xmpp.xml.Element;

/**
 * The XEP-0115 §5.1 verification string of a disco#info answer, to check that the features a resource
 * sent are those its announced {@code ver} stands for (§5.4) before anyone else relies on them.
 */
public final class VerificationString {

    public static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
    private static final String DATA_FORMS = "jabber:x:data";
    private static final String FORM_TYPE = "FORM_TYPE";
    /** The hash functions of the IANA registry XEP-0115 refers to that a JDK has; MD5 is not accepted. */
    private static final Map<String, String> DIGESTS = Map.of(
            "sha-1", "SHA-1", "sha-224", "SHA-224", "sha-256", "SHA-256", "sha-384", "SHA-384", "sha-512", "SHA-512");
    /** "i;octet" collation: compare the UTF-8 bytes. */
    private static final Comparator<String> OCTETS = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private VerificationString() {
    }

    /**
     * The verification string of a disco#info {@code <query/>} for the hash named as in the caps
     * {@code hash} attribute, or null when the hash is not supported or the answer is malformed in a way
     * §5.4 says invalidates it (duplicate identities, features or form types).
     */
    public static String compute(Element query, String hashName) {
        String digest = hashName == null ? null : DIGESTS.get(hashName.toLowerCase(Locale.ROOT));
        if (digest == null) {
            return null;
        }
        String s = input(query);
        if (s == null) {
            return null;
        }
        try {
            byte[] h = MessageDigest.getInstance(digest).digest(s.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(h);
        } catch (NoSuchAlgorithmException e) {
            return null;
        }
    }

    /** The string S that is hashed, or null when the answer is invalid. */
    static String input(Element query) {
        StringBuilder s = new StringBuilder();
        if (!appendIdentities(query, s) || !appendFeatures(query, s) || !appendForms(query, s)) {
            return null;
        }
        return s.toString();
    }

    private static boolean appendIdentities(Element query, StringBuilder s) {
        List<String[]> identities = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Element i : query.childElements()) {
            if (i.is("identity", DISCO_INFO)) {
                String[] fields = {orEmpty(i.attribute("category")), orEmpty(i.attribute("type")),
                    orEmpty(i.attribute("xml:lang")), orEmpty(i.attribute("name"))};
                if (!seen.add(String.join("/", fields))) {
                    return false;
                }
                identities.add(fields);
            }
        }
        identities.sort((a, b) -> {
            for (int k = 0; k < a.length; k++) {
                int c = OCTETS.compare(a[k], b[k]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        for (String[] i : identities) {
            s.append(i[0]).append('/').append(i[1]).append('/').append(i[2]).append('/').append(i[3]).append('<');
        }
        return true;
    }

    private static boolean appendFeatures(Element query, StringBuilder s) {
        List<String> features = new ArrayList<>();
        for (Element f : query.childElements()) {
            if (f.is("feature", DISCO_INFO) && f.attribute("var") != null) {
                features.add(f.attribute("var"));
            }
        }
        if (new HashSet<>(features).size() != features.size()) {
            return false;
        }
        features.sort(OCTETS);
        for (String f : features) {
            s.append(f).append('<');
        }
        return true;
    }

    private record Form(String type, List<Element> fields) {
    }

    private static boolean appendForms(Element query, StringBuilder s) {
        List<Form> forms = new ArrayList<>();
        Set<String> types = new HashSet<>();
        for (Element x : query.childElements()) {
            if (!x.is("x", DATA_FORMS)) {
                continue;
            }
            Element typeField = field(x, FORM_TYPE);
            if (typeField == null || !"hidden".equals(typeField.attribute("type"))) {
                continue; // §5.4: such a form is ignored
            }
            List<String> typeValues = values(typeField);
            if (typeValues.size() != 1 || !types.add(typeValues.get(0))) {
                return false;
            }
            forms.add(new Form(typeValues.get(0), x.childElements()));
        }
        forms.sort((a, b) -> OCTETS.compare(a.type(), b.type()));
        for (Form f : forms) {
            s.append(f.type()).append('<');
            List<Element> fields = new ArrayList<>();
            for (Element field : f.fields()) {
                String var = field.attribute("var");
                if (field.is("field", DATA_FORMS) && var != null && !FORM_TYPE.equals(var)) {
                    fields.add(field);
                }
            }
            fields.sort((a, b) -> OCTETS.compare(a.attribute("var"), b.attribute("var")));
            for (Element field : fields) {
                s.append(field.attribute("var")).append('<');
                List<String> vs = values(field);
                vs.sort(OCTETS);
                for (String v : vs) {
                    s.append(v).append('<');
                }
            }
        }
        return true;
    }

    private static Element field(Element form, String var) {
        for (Element f : form.childElements()) {
            if (f.is("field", DATA_FORMS) && var.equals(f.attribute("var"))) {
                return f;
            }
        }
        return null;
    }

    private static List<String> values(Element field) {
        List<String> out = new ArrayList<>();
        for (Element v : field.childElements()) {
            if (v.is("value", DATA_FORMS)) {
                out.add(v.text());
            }
        }
        return out;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
