package net.bluemind.xmpp.server.pep;

import java.util.List;
import java.util.Map;

import net.bluemind.xmpp.server.dataforms.DataForm;
import net.bluemind.xmpp.server.dataforms.FormField;
import net.bluemind.xmpp.spi.PepStore.PepNodeConfig;
import net.bluemind.xmpp.xml.Element;

/**
 * Node configuration fields as a client sends them (a configure form, or publish-options), checked
 * against what this service can keep, applied to a node's configuration, or compared with it as the
 * preconditions of XEP-0060 §7.1.5.
 *
 * <p>A node keeps its access model, its item limit and whether it persists items. Retractions and
 * deletions are always notified and notifications always carry payloads: asking otherwise is refused.
 * The last published item is sent on presence for nodes that keep one persistent item (the usual PEP
 * "current state" nodes: tune, avatar, nickname) and never for nodes holding a collection (bookmarks,
 * XEP-0223 storage), as XEP-0402 asks; {@code pubsub#send_last_published_item} is reported but not
 * settable, and ignored when sent, so that clients that send it with every publication (XEP-0402)
 * or send back the whole default form still work. Other fields this service does not know are ignored.
 */
final class NodeOptions {

    static final String ACCESS_MODEL = "pubsub#access_model";
    static final String MAX_ITEMS = "pubsub#max_items";
    static final String PERSIST_ITEMS = "pubsub#persist_items";
    static final String SEND_LAST = "pubsub#send_last_published_item";
    /** Fields whose value is always true here. */
    private static final List<String> ALWAYS_TRUE = List.of(
            "pubsub#notify_retract", "pubsub#notify_delete", "pubsub#deliver_payloads", "pubsub#deliver_notifications");

    /** The most items a node keeps ("max"). */
    static final int ITEMS_LIMIT = 10_000;
    static final List<String> ACCESS_MODELS = List.of("open", "presence", "whitelist");
    static final String ON_PRESENCE = "on_sub_and_presence";
    static final String NEVER = "never";

    /** The configuration of a node created without options (XEP-0163 smart defaults). */
    static final PepNodeConfig DEFAULTS = new PepNodeConfig("presence", 1, true);

    private static final NodeOptions NONE = new NodeOptions(Map.of());

    private final Map<String, List<String>> fields;

    private NodeOptions(Map<String, List<String>> fields) {
        this.fields = fields;
    }

    static NodeOptions none() {
        return NONE;
    }

    /** The fields of a form; null (no form) means no option. */
    static NodeOptions of(DataForm form) {
        return form == null ? NONE : new NodeOptions(Map.copyOf(form.valuesByVar()));
    }

    /** Whether the last published item of such a node is sent to resources that become interested. */
    static boolean sendsLastItem(PepNodeConfig c) {
        return c.persist() && c.maxItems() == 1;
    }

    /**
     * {@code base} with these options applied; an {@link IllegalArgumentException} names the first field
     * whose value this service cannot take.
     */
    PepNodeConfig applyTo(PepNodeConfig base) {
        String access = base.accessModel();
        int maxItems = base.maxItems();
        boolean persist = base.persist();
        for (Map.Entry<String, List<String>> f : fields.entrySet()) {
            String v = f.getValue().isEmpty() ? "" : f.getValue().get(0);
            switch (f.getKey()) {
                case ACCESS_MODEL -> access = accessModel(v);
                case MAX_ITEMS -> maxItems = maxItems(v);
                case PERSIST_ITEMS -> persist = bool(f.getKey(), v);
                default -> {
                    // checked against the result below, or unknown
                }
            }
        }
        PepNodeConfig out = new PepNodeConfig(access, maxItems, persist);
        for (Map.Entry<String, List<String>> f : fields.entrySet()) {
            String v = f.getValue().isEmpty() ? "" : f.getValue().get(0);
            if (ALWAYS_TRUE.contains(f.getKey()) && !bool(f.getKey(), v)) {
                throw new IllegalArgumentException(f.getKey() + " is always true here");
            }
        }
        return out;
    }

    /** Whether {@code config} already has every option's value (the publish-options preconditions). */
    boolean metBy(PepNodeConfig config) {
        try {
            return applyTo(config).equals(config);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The node's configuration as a data form ({@code type} form for configure, result for meta-data). */
    static Element form(PepNodeConfig c, String type, String formType) {
        return DataForm.ofType(type).formType(formType)
                .field(field(ACCESS_MODEL, "list-single", "Who may retrieve items and receive notifications", c.accessModel(), ACCESS_MODELS))
                .field(field(MAX_ITEMS, "text-single", "Max number of items to keep (or 'max')", Integer.toString(c.maxItems()), List.of()))
                .field(field(PERSIST_ITEMS, "boolean", "Keep items", c.persist() ? "1" : "0", List.of()))
                .field(field(SEND_LAST, "list-single", "When to send the last published item", sendLast(c), List.of(NEVER, ON_PRESENCE)))
                .field(field("pubsub#notify_retract", "boolean", "Notify of retracted items", "1", List.of()))
                .field(field("pubsub#notify_delete", "boolean", "Notify when the node is deleted", "1", List.of()))
                .field(field("pubsub#deliver_payloads", "boolean", "Deliver payloads with notifications", "1", List.of()))
                .field(field("pubsub#deliver_notifications", "boolean", "Deliver notifications", "1", List.of()))
                .build().toElement();
    }

    private static FormField field(String var, String type, String label, String value, List<String> options) {
        return new FormField(var, type, label, false, List.of(value), options.stream().map(o -> new FormField.Option(null, o)).toList());
    }

    private static String sendLast(PepNodeConfig c) {
        return sendsLastItem(c) ? ON_PRESENCE : NEVER;
    }

    private static String accessModel(String v) {
        if (!ACCESS_MODELS.contains(v)) {
            throw new IllegalArgumentException(ACCESS_MODEL + " '" + v + "' is not supported (open, presence or whitelist)");
        }
        return v;
    }

    private static int maxItems(String v) {
        if ("max".equals(v)) {
            return ITEMS_LIMIT;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) {
                return Math.min(n, ITEMS_LIMIT);
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(MAX_ITEMS + " must be a positive number or 'max'");
    }

    private static boolean bool(String var, String v) {
        return switch (v) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw new IllegalArgumentException(var + " must be a boolean");
        };
    }
}
