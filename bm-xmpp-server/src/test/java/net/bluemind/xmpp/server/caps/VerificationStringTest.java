package net.bluemind.xmpp.server.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jivesoftware.smackx.caps.EntityCapsManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.disco.packet.DiscoverInfoBuilder;
import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.XmlParser;

/** XEP-0115 §5 verification strings, checked against the XEP's examples and against Smack's own computation. */
class VerificationStringTest {

    private static final String SIMPLE = "<query xmlns='http://jabber.org/protocol/disco#info'>"
            + "<identity category='client' name='Exodus 0.9.1' type='pc'/>"
            + "<feature var='http://jabber.org/protocol/caps'/>"
            + "<feature var='http://jabber.org/protocol/disco#info'/>"
            + "<feature var='http://jabber.org/protocol/disco#items'/>"
            + "<feature var='http://jabber.org/protocol/muc'/>"
            + "</query>";

    private static final String COMPLEX = "<query xmlns='http://jabber.org/protocol/disco#info'>"
            + "<identity xml:lang='en' category='client' name='Psi 0.11' type='pc'/>"
            + "<identity xml:lang='el' category='client' name='\u03a8 0.11' type='pc'/>"
            + "<feature var='http://jabber.org/protocol/caps'/>"
            + "<feature var='http://jabber.org/protocol/disco#info'/>"
            + "<feature var='http://jabber.org/protocol/disco#items'/>"
            + "<feature var='http://jabber.org/protocol/muc'/>"
            + "<x xmlns='jabber:x:data' type='result'>"
            + "<field var='FORM_TYPE' type='hidden'><value>urn:xmpp:dataforms:softwareinfo</value></field>"
            + "<field var='ip_version'><value>ipv4</value><value>ipv6</value></field>"
            + "<field var='os'><value>Mac</value></field>"
            + "<field var='os_version'><value>10.5.1</value></field>"
            + "<field var='software'><value>Psi</value></field>"
            + "<field var='software_version'><value>0.11</value></field>"
            + "</x></query>";

    private static Element parse(String xml) {
        return XmlParser.parse(xml, VerificationString.DISCO_INFO);
    }

    @Test
    void computesTheSimpleExampleOfTheXep() {
        assertEquals("QgayPKawpkPSDYmwT/WM94uAlu0=", VerificationString.compute(parse(SIMPLE), "sha-1"));
    }

    @Test
    void computesTheExampleWithExtendedInformation() {
        assertEquals("q07IKJEyjvHSyhy//CH0CxmKi8w=", VerificationString.compute(parse(COMPLEX), "sha-1"));
    }

    @Test
    void agreesWithSmack() {
        org.jivesoftware.smack.SmackConfiguration.getVersion(); // loads Smack's base64 encoder
        DiscoverInfoBuilder b = DiscoverInfo.builder("x")
                .addIdentity(new DiscoverInfo.Identity("client", "pc", "Smack"))
                .addFeature("http://jabber.org/protocol/disco#info")
                .addFeature("urn:xmpp:ping")
                .addFeature("http://jabber.org/protocol/geoloc+notify");
        DiscoverInfo info = b.build();
        String ours = VerificationString.compute(parse(info.getChildElementXML().toString()), "sha-1");
        assertTrue(EntityCapsManager.verifyDiscoverInfoVersion(ours, "sha-1", info), ours);
    }

    @Test
    void refusesDuplicatesAndUnknownHashes() {
        String duplicate = "<query xmlns='http://jabber.org/protocol/disco#info'><feature var='a'/><feature var='a'/></query>";
        assertNull(VerificationString.compute(parse(duplicate), "sha-1"));
        assertNull(VerificationString.compute(parse(SIMPLE), "md5"));
    }
}
