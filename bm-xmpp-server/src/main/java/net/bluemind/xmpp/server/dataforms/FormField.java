package net.bluemind.xmpp.server.dataforms;

import java.util.ArrayList;
import java.util.List;

import net.bluemind.xmpp.xml.Element;

/**
 * One field of a data form (XEP-0004 §3.2).
 *
 * @param var      the field's name; null only for a {@code fixed} field
 * @param type     boolean, fixed, hidden, jid-multi, jid-single, list-multi, list-single, text-multi,
 *                 text-private, text-single; null in a submitted form, where the type is optional
 * @param label    a human-readable name, or null
 * @param required whether the form cannot be submitted without a value
 * @param values   the values (a default in a form, the answer in a submission)
 * @param options  the choices of a list field
 */
public record FormField(String var, String type, String label, boolean required, List<String> values, List<Option> options) {

    public FormField {
        values = values == null ? List.of() : List.copyOf(values);
        options = options == null ? List.of() : List.copyOf(options);
    }

    /** A choice of a list-single or list-multi field. */
    public record Option(String label, String value) {
    }

    /** The first value, or null. */
    public String value() {
        return values.isEmpty() ? null : values.get(0);
    }

    /** Whether it holds at least one value that is not blank. */
    public boolean hasValue() {
        for (String v : values) {
            if (!v.isBlank()) {
                return true;
            }
        }
        return false;
    }

    Element toElement() {
        Element.Builder b = Element.builder("field", DataForm.NS)
                .attribute("var", var)
                .attribute("type", type)
                .attribute("label", label);
        if (required) {
            b.child(Element.empty("required", DataForm.NS));
        }
        for (String v : values) {
            b.textChild("value", DataForm.NS, v);
        }
        for (Option o : options) {
            b.child(Element.builder("option", DataForm.NS).attribute("label", o.label())
                    .textChild("value", DataForm.NS, o.value()).build());
        }
        return b.build();
    }

    static FormField parse(Element field) {
        List<String> values = new ArrayList<>();
        List<Option> options = new ArrayList<>();
        boolean required = false;
        for (Element c : field.childElements()) {
            if (!c.namespace().equals(DataForm.NS)) {
                continue;
            }
            switch (c.name()) {
                case "value" -> values.add(c.text());
                case "required" -> required = true;
                case "option" -> options.add(new Option(c.attribute("label"), c.childText("value", DataForm.NS)));
                default -> { }
            }
        }
        return new FormField(field.attribute("var"), field.attribute("type"), field.attribute("label"), required, values, options);
    }
}
