package net.bluemind.xmpp.server.pep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;

import net.bluemind.xmpp.server.dataforms.DataForm;
import net.bluemind.xmpp.server.testkit.FuzzBudget;
import net.bluemind.xmpp.spi.PepStore.PepNodeConfig;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.XmlParser;

/**
 * Random elements into the data form reader (XEP-0004, {@code dataforms.DataForm}), as ad-hoc commands and pubsub
 * (publish-options, configure) use it: reading never throws, a form read and written back reads the same, and
 * applying pubsub options refuses a bad value only with the IllegalArgumentException the processor turns into an
 * error. The input is the element as XML text
 * (input that is not well-formed is skipped: the stream decoder has its own fuzz test).
 */
class DataFormsFuzzTest {

    /** Jazzer's own driver (scripts/fuzz.sh, long sessions) calls this; the build calls the @FuzzTest. */
    public static void fuzzerTestOneInput(byte[] input) {
        new DataFormsFuzzTest().readsAnyElementAsAFormOrNothing(input);
    }

    @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
    void readsAnyElementAsAFormOrNothing(byte[] input) {
        Element x;
        try {
            x = XmlParser.parse(new String(input, StandardCharsets.UTF_8), DataForm.NS);
        } catch (RuntimeException notXml) {
            return;
        }
        generalForm(x);
        pubsubForm(x);
    }

    private static void generalForm(Element x) {
        DataForm form;
        try {
            form = DataForm.parse(x);
        } catch (IllegalArgumentException notAForm) {
            assertEquals(false, x.is("x", DataForm.NS), "only a non-form is refused");
            return;
        }
        Element written = form.toElement();
        assertEquals(written, DataForm.parse(written).toElement(), "read back the same");
        form.formType();
        form.missingIn(form);
        form.missingIn(null);
        assertNotNull(form.values("pubsub#max_items"));
        DataForm.findIn(Element.builder("command", "x").child(x).build());
    }

    private static void pubsubForm(Element x) {
        DataForm form = DataForm.findIn(Element.builder("publish-options", Pubsub.NS).child(x).build());
        NodeOptions options = NodeOptions.of(form);
        try {
            PepNodeConfig config = options.applyTo(NodeOptions.DEFAULTS);
            assertNotNull(config.accessModel());
            NodeOptions.form(config, "form", Pubsub.NS + "#node_config");
        } catch (IllegalArgumentException refused) {
            assertNotNull(refused.getMessage(), "a refusal names the field");
        }
        options.metBy(NodeOptions.DEFAULTS);
    }
}
