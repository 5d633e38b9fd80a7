package net.bluemind.xmpp.server.dataforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.xml.Namespaces;
import net.bluemind.xmpp.xml.XmlParser;

class DataFormTest {

    @Test
    void aFormSurvivesTheWireAndReportsWhatASubmissionMisses() {
        DataForm form = DataForm.form("Adding a User").instructions("Fill it.")
                .formType("http://jabber.org/protocol/admin")
                .field("accountjid", "jid-single", "JID", true)
                .listSingle("max", "Max", List.of(new FormField.Option("Ten", "10")))
                .build();
        DataForm back = DataForm.parse(XmlParser.parse(form.toElement().toString(), Namespaces.CLIENT));
        assertEquals(form, back);
        assertEquals("http://jabber.org/protocol/admin", back.formType());

        DataForm submitted = DataForm.parse(XmlParser.parse("<x xmlns='jabber:x:data' type='submit'>"
                + "<field var='accountjid'><value> </value></field><field var='max'><value>10</value></field></x>", Namespaces.CLIENT));
        assertEquals(List.of("accountjid"), form.missingIn(submitted));
        assertEquals(List.of("accountjid"), form.missingIn(null));
        assertEquals("10", submitted.value("max"));
        assertNull(submitted.value("nothing"));
    }
}
