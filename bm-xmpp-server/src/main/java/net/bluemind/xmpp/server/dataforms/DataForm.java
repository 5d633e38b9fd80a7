package net.bluemind.xmpp.server.dataforms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.bluemind.xmpp.xml.Element;

/**
 * A XEP-0004 data form ({@code <x xmlns='jabber:x:data'/>}): what a feature asks a user to fill in,
 * what the user submits, and the result it reports. Immutable; {@link #builder} makes one.
 *
 * @param type         form, submit, cancel or result
 * @param title        a title, or null
 * @param instructions instructions, or null
 * @param fields       the fields in order (multi-item results, {@code <reported/>}/{@code <item/>}, are not modelled)
 */
public record DataForm(String type, String title, String instructions, List<FormField> fields) {

    public static final String NS = "jabber:x:data";
    /** The hidden field naming what a form is for (XEP-0068). */
    public static final String FORM_TYPE = "FORM_TYPE";

    public DataForm {
        fields = List.copyOf(fields);
    }

    /** A form to fill in ({@code type='form'}). */
    public static Builder form(String title) {
        return new Builder("form", title);
    }

    /** A result to show ({@code type='result'}). */
    public static Builder result(String title) {
        return new Builder("result", title);
    }

    /** A form of the given type (form, submit, cancel, result), without a title. */
    public static Builder ofType(String type) {
        return new Builder(type, null);
    }

    /** The field with that name, or null. */
    public FormField field(String var) {
        for (FormField f : fields) {
            if (var.equals(f.var())) {
                return f;
            }
        }
        return null;
    }

    /** The field's first value, or null when the field or its value is missing. */
    public String value(String var) {
        FormField f = field(var);
        return f == null ? null : f.value();
    }

    /** The field's values (empty when the field is missing). */
    public List<String> values(String var) {
        FormField f = field(var);
        return f == null ? List.of() : f.values();
    }

    /** The value of the hidden FORM_TYPE field (without surrounding spaces), or null. */
    public String formType() {
        String v = value(FORM_TYPE);
        return v == null ? null : v.trim();
    }

    /**
     * The values of the named fields other than FORM_TYPE, by name in the order of the form, each value without
     * surrounding spaces: what a feature reads from a submitted configuration (pubsub node options).
     */
    public Map<String, List<String>> valuesByVar() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (FormField f : fields) {
            if (f.var() != null && !FORM_TYPE.equals(f.var())) {
                out.put(f.var(), f.values().stream().map(String::trim).toList());
            }
        }
        return out;
    }

    /** Names of the fields this form requires that {@code submitted} leaves empty. */
    public List<String> missingIn(DataForm submitted) {
        List<String> missing = new ArrayList<>();
        for (FormField f : fields) {
            if (f.required() && f.var() != null) {
                FormField answer = submitted == null ? null : submitted.field(f.var());
                if (answer == null || !answer.hasValue()) {
                    missing.add(f.var());
                }
            }
        }
        return missing;
    }

    public Element toElement() {
        Element.Builder b = Element.builder("x", NS).attribute("type", type);
        if (title != null) {
            b.textChild("title", NS, title);
        }
        if (instructions != null) {
            b.textChild("instructions", NS, instructions);
        }
        for (FormField f : fields) {
            b.child(f.toElement());
        }
        return b.build();
    }

    /** Reads a {@code <x xmlns='jabber:x:data'/>} element. */
    public static DataForm parse(Element x) {
        if (!x.is("x", NS)) {
            throw new IllegalArgumentException("not a data form: " + x.name() + " in " + x.namespace());
        }
        List<FormField> fields = new ArrayList<>();
        for (Element c : x.childElements()) {
            if (c.is("field", NS)) {
                fields.add(FormField.parse(c));
            }
        }
        return new DataForm(x.attribute("type"), x.childText("title", NS), x.childText("instructions", NS), fields);
    }

    /** The first data form among an element's children, or null (also for no element). */
    public static DataForm findIn(Element parent) {
        Element x = parent == null ? null : parent.firstChild("x", NS);
        return x == null ? null : parse(x);
    }

    /** Builds forms field by field, in the order they are shown. */
    public static final class Builder {
        private final String type;
        private final String title;
        private String instructions;
        private final List<FormField> fields = new ArrayList<>();

        private Builder(String type, String title) {
            this.type = type;
            this.title = title;
        }

        public Builder instructions(String text) {
            this.instructions = text;
            return this;
        }

        public Builder formType(String value) {
            return field(new FormField(FORM_TYPE, "hidden", null, false, List.of(value), null));
        }

        public Builder field(FormField field) {
            fields.add(field);
            return this;
        }

        public Builder field(String var, String type, String label, boolean required, String... values) {
            return field(new FormField(var, type, label, required, List.of(values), null));
        }

        public Builder values(String var, String type, String label, List<String> values) {
            return field(new FormField(var, type, label, false, values, null));
        }

        public Builder listSingle(String var, String label, List<FormField.Option> options) {
            return field(new FormField(var, "list-single", label, false, null, options));
        }

        public DataForm build() {
            return new DataForm(type, title, instructions, fields);
        }
    }
}
