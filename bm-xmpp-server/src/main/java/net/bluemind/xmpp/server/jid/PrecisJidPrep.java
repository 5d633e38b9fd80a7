package net.bluemind.xmpp.server.jid;

import java.util.Locale;

import org.jxmpp.stringprep.XmppStringprep;
import org.jxmpp.stringprep.XmppStringprepException;

import rocks.xmpp.precis.PrecisProfile;
import rocks.xmpp.precis.PrecisProfiles;

/**
 * JID parts prepared and enforced as RFC 7622 §3 says: localpart by the UsernameCaseMapped profile
 * (RFC 8265 §3.3) without the characters §3.3.1 excludes, domainpart as an IDNA domain name (§3.2, via
 * the PRECIS IDN profile) or an IP literal, resourcepart by the OpaqueString profile (RFC 8265 §4.2).
 * jxmpp's default preparation only lower-cases, so it took {@code a@b@c} as a user of domain
 * {@code b@c}; this one refuses it.
 *
 * <p>Routing prepares a JID per stanza: plain ASCII parts, nearly all of them, take a fast path that
 * gives what the PRECIS profiles give for ASCII (checked against them by {@code JidFuzzTest}); other
 * parts go through the profiles (a few microseconds).
 */
public final class PrecisJidPrep implements XmppStringprep {

    public static final PrecisJidPrep INSTANCE = new PrecisJidPrep();

    /** RFC 7622 §3.3.1: allowed by the profile, excluded from localparts. */
    private static final String LOCALPART_EXCLUDED = "\"&'/:<>@";
    private static final int MAX_LABEL = 63;
    private static final int MAX_DOMAIN = 253;

    private PrecisJidPrep() {
    }

    @Override
    public String localprep(String s) throws XmppStringprepException {
        String ascii = asciiLocalpart(s);
        if (ascii != null) {
            return ascii;
        }
        // Checked on the prepared form: width mapping turns a fullwidth quotation mark into '"' (found by JidFuzzTest).
        String prepared = enforce(PrecisProfiles.USERNAME_CASE_MAPPED, s);
        for (int i = 0; i < prepared.length(); i++) {
            if (LOCALPART_EXCLUDED.indexOf(prepared.charAt(i)) >= 0) {
                throw new XmppStringprepException(s, "'" + prepared.charAt(i) + "' is not allowed in a localpart (RFC 7622 §3.3.1)");
            }
        }
        return prepared;
    }

    @Override
    public String domainprep(String domain) throws XmppStringprepException {
        String s = withoutFinalDot(domain);
        String ascii = asciiDomain(s);
        if (ascii != null) {
            return ascii;
        }
        if (ipv6Literal(s)) {
            return s.toLowerCase(Locale.ROOT);
        }
        String prepared = enforce(PrecisProfiles.IDN, s);
        if (prepared.isEmpty() || prepared.endsWith(".")) {
            // Only one final separator is stripped: "b.c.." has an empty label.
            throw new XmppStringprepException(domain, "empty label in the domainpart");
        }
        // The IDN profile (IDNA2003, Unicode 3.2) may map a character to one it does not know itself, e.g.
        // U+04C0 to U+04CF: such a domain would not parse again, so it is not a domain (found by JidFuzzTest).
        if (!prepared.equals(enforce(PrecisProfiles.IDN, prepared))) {
            throw new XmppStringprepException(domain, "the domainpart does not prepare to a stable form");
        }
        return prepared;
    }

    @Override
    public String resourceprep(String s) throws XmppStringprepException {
        if (asciiPrintable(s, ' ')) {
            return s;
        }
        return enforce(PrecisProfiles.OPAQUE_STRING, s);
    }

    /** The profile's verdict; its exceptions (invalid code point, bad label, bidi rule) name the cause. */
    private static String enforce(PrecisProfile profile, String s) throws XmppStringprepException {
        try {
            return profile.enforce(s);
        } catch (IllegalArgumentException e) {
            throw new XmppStringprepException(s, e);
        }
    }

    /**
     * RFC 7622 §3.2: a final label separator is stripped before anything else; IDNA's separators are the
     * full stop and its ideographic, fullwidth and halfwidth forms (RFC 3490 §3.1), which the IDN profile
     * would otherwise turn into a final '.' that a second preparation strips (found by JidFuzzTest).
     */
    static String withoutFinalDot(String s) {
        int last = s.length() - 1;
        if (last < 0) {
            return s;
        }
        char c = s.charAt(last);
        return c == '.' || c == '\u3002' || c == '\uFF0E' || c == '\uFF61' ? s.substring(0, last) : s;
    }

    /** Printable ASCII without the excluded characters: the profile only lower-cases it. Else null. */
    static String asciiLocalpart(String s) {
        if (!asciiPrintable(s, '!')) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (LOCALPART_EXCLUDED.indexOf(s.charAt(i)) >= 0) {
                return null;
            }
        }
        return s.toLowerCase(Locale.ROOT);
    }

    /**
     * Letters, digits and hyphens in labels of 1 to 63 characters that neither start nor end with a
     * hyphen and are no A-label ({@code xn--}, which the IDN profile turns into Unicode): the profile
     * only lower-cases those. Else null.
     */
    static String asciiDomain(String s) {
        int len = s.length();
        if (len == 0 || len > MAX_DOMAIN) {
            return null;
        }
        int labelStart = 0;
        for (int i = 0; i <= len; i++) {
            char c = i == len ? '.' : s.charAt(i);
            if (c == '.') {
                int labelLength = i - labelStart;
                if (labelLength == 0 || labelLength > MAX_LABEL || s.charAt(labelStart) == '-' || s.charAt(i - 1) == '-'
                        || labelLength >= 4 && s.charAt(labelStart + 2) == '-' && s.charAt(labelStart + 3) == '-') {
                    return null;
                }
                labelStart = i + 1;
            } else if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
                return null;
            }
        }
        return s.toLowerCase(Locale.ROOT);
    }

    /** RFC 7622 §3.2 and RFC 3986 §3.2.2: an IPv6 address in brackets (checked loosely: hex digits, colons, dots). */
    static boolean ipv6Literal(String s) {
        if (s.length() < 4 || s.charAt(0) != '[' || s.charAt(s.length() - 1) != ']' || s.indexOf(':') < 0) {
            return false;
        }
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static boolean asciiPrintable(String s, char lowest) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < lowest || c > '~') {
                return false;
            }
        }
        return true;
    }
}
