package net.bluemind.xmpp.server.dataforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

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

    @Test
    void aSubmittedConfigurationReadsAsTrimmedValuesByNameWithoutItsFormType() {
        DataForm submitted = DataForm.findIn(XmlParser.parse("<publish-options xmlns='http://jabber.org/protocol/pubsub'>"
                + "<x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE' type='hidden'><value> http://jabber.org/protocol/pubsub#publish-options </value></field>"
                + "<field var='pubsub#access_model'><value> whitelist </value></field>"
                + "<field><value>no name</value></field>"
                + "<field var='pubsub#max_items'/></x></publish-options>", Namespaces.CLIENT));
        assertEquals("http://jabber.org/protocol/pubsub#publish-options", submitted.formType());
        assertEquals(Map.of("pubsub#access_model", List.of("whitelist"), "pubsub#max_items", List.of()), submitted.valuesByVar());
        assertEquals(List.of("pubsub#access_model", "pubsub#max_items"), List.copyOf(submitted.valuesByVar().keySet()), "in the form's order");
        assertNull(DataForm.findIn(null));
    }
}
