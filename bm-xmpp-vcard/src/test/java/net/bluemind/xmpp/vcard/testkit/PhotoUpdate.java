package net.bluemind.xmpp.vcard.testkit;

import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.xml.XmlPullParser;

/**
 * XEP-0153's {@code <x xmlns='vcard-temp:x:update'><photo>sha1</photo></x>} for Smack, which has no
 * provider for it; its generic parser trips an assertion on unknown elements when assertions are on.
 */
public record PhotoUpdate(String photo) implements ExtensionElement {

    public static final String NAMESPACE = "vcard-temp:x:update";

    /** Registers the provider (idempotent). */
    public static void install() {
        ProviderManager.addExtensionProvider("x", NAMESPACE, new ExtensionElementProvider<PhotoUpdate>() {
            @Override
            public PhotoUpdate parse(XmlPullParser parser, int initialDepth, XmlEnvironment env) throws java.io.IOException,
                    org.jivesoftware.smack.xml.XmlPullParserException {
                String photo = null;
                while (true) {
                    XmlPullParser.Event e = parser.next();
                    if (e == XmlPullParser.Event.START_ELEMENT && "photo".equals(parser.getName())) {
                        photo = parser.nextText();
                    } else if (e == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth) {
                        return new PhotoUpdate(photo);
                    }
                }
            }
        });
    }

    @Override
    public String getElementName() {
        return "x";
    }

    @Override
    public String getNamespace() {
        return NAMESPACE;
    }

    @Override
    public CharSequence toXML(XmlEnvironment env) {
        return "<x xmlns='" + NAMESPACE + "'>" + (photo == null ? "" : "<photo>" + photo + "</photo>") + "</x>";
    }
}
