package net.bluemind.xmpp.server.pep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.bluemind.xmpp.xml.Element;

/**
 * A XEP-0004 data form as pubsub uses it: its type, its FORM_TYPE and its fields' values by var; and
 * the builder of the forms the service sends.
 */
record DataForm(String type, String formType, Map<String, List<String>> fields) {

    static final String FORM_TYPE = "FORM_TYPE";

    DataForm {
        fields = Map.copyOf(fields);
    }

    /** The form inside {@code parent} (publish-options, configure), or null when it holds none. */
    static DataForm in(Element parent) {
        Element x = parent == null ? null : parent.firstChild("x", Pubsub.DATA_FORMS);
        return x == null ? null : parse(x);
    }

    static DataForm parse(Element x) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        String formType = null;
        for (Element f : x.childElements()) {
            String var = f.attribute("var");
            if (!f.is("field", Pubsub.DATA_FORMS) || var == null) {
                continue;
            }
            List<String> values = new ArrayList<>();
            for (Element v : f.childElements()) {
                if (v.is("value", Pubsub.DATA_FORMS)) {
                    values.add(v.text().trim());
                }
            }
            if (FORM_TYPE.equals(var)) {
                formType = values.isEmpty() ? null : values.get(0);
            } else {
                fields.put(var, List.copyOf(values));
            }
        }
        return new DataForm(x.attribute("type"), formType, fields);
    }

    /** The single value of a field, or null when the form does not have it. */
    String value(String var) {
        List<String> v = fields.get(var);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Builds a form the service sends (type form or result). */
    static final class Builder {
        private final Element.Builder x;

        Builder(String type, String formType) {
            x = Element.builder("x", Pubsub.DATA_FORMS).attribute("type", type)
                    .child(fieldElement(FORM_TYPE, "hidden", null, formType, List.of()));
        }

        Builder field(String var, String type, String label, String value, List<String> options) {
            x.child(fieldElement(var, type, label, value, options));
            return this;
        }

        Element build() {
            return x.build();
        }

        private static Element fieldElement(String var, String type, String label, String value, List<String> options) {
            Element.Builder f = Element.builder("field", Pubsub.DATA_FORMS).attribute("var", var).attribute("type", type)
                    .attribute("label", label);
            if (value != null) {
                f.textChild("value", Pubsub.DATA_FORMS, value);
            }
            for (String o : options) {
                f.child(Element.builder("option", Pubsub.DATA_FORMS)
                        .child(Element.builder("value", Pubsub.DATA_FORMS).text(o).build()).build());
            }
            return f.build();
        }
    }
}
