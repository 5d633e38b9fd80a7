package net.bluemind.xmpp.server.plugins;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import net.bluemind.xmpp.server.hooks.Hook;
import net.bluemind.xmpp.server.hooks.LocalMessage;
import net.bluemind.xmpp.server.hooks.SentMessage;
import net.bluemind.xmpp.server.hooks.StanzaHooks;
import net.bluemind.xmpp.spi.MessageHooks;
import net.bluemind.xmpp.xml.Element;

/**
 * The engine's {@link StanzaHooks} as plugins see them through the SPI ({@link MessageHooks}): a plugin's handler
 * is attached to the engine's hook of the same point and sees each message through a small view. What a plugin
 * attaches before the server runs waits until {@link #bind}.
 */
final class PluginMessageHooks implements MessageHooks {

    private final List<Consumer<StanzaHooks>> waiting = new ArrayList<>();
    private StanzaHooks hooks;

    /** The server runs: what plugins attached now reaches its hooks. */
    void bind(StanzaHooks running) {
        List<Consumer<StanzaHooks>> attach;
        synchronized (waiting) {
            hooks = running;
            attach = List.copyOf(waiting);
            waiting.clear();
        }
        attach.forEach(a -> a.accept(running));
    }

    private void attach(Consumer<StanzaHooks> attachment) {
        StanzaHooks now;
        synchronized (waiting) {
            now = hooks;
            if (now == null) {
                waiting.add(attachment);
                return;
            }
        }
        attachment.accept(now);
    }

    @Override
    public void toLocal(int priority, String owner, Handler handler) {
        attachLocal(h -> h.messageToLocal, priority, owner, handler);
    }

    @Override
    public void delivered(int priority, String owner, Handler handler) {
        attachLocal(h -> h.messageDelivered, priority, owner, handler);
    }

    @Override
    public void undelivered(int priority, String owner, Handler handler) {
        attachLocal(h -> h.messageUndelivered, priority, owner, handler);
    }

    /** A plugin's handler on one of the hooks of messages for local users, seeing each through a {@link Local}. */
    private void attachLocal(Function<StanzaHooks, Hook<LocalMessage>> point, int priority, String owner, Handler handler) {
        attach(h -> point.apply(h).add(priority, owner, m -> handler.handle(new Local(m))));
    }

    @Override
    public void toRemote(int priority, String owner, Handler handler) {
        attach(h -> h.messageToRemote.add(priority, owner, m -> handler.handle(new Remote(m))));
    }

    @Override
    public void userOffline(int priority, String owner, UserHandler handler) {
        attach(h -> h.userOffline.add(priority, owner, user -> {
            handler.handle(user.toString());
            return false;
        }));
    }

    /** A message for a local user: the stanza may be rewritten for the recipient. */
    private record Local(LocalMessage m) implements Message {
        @Override
        public String from() {
            return m.sent().attribute("from");
        }

        @Override
        public String to() {
            return m.to().toString();
        }

        @Override
        public String type() {
            return m.type();
        }

        @Override
        public String stanzaId() {
            return m.stanzaId();
        }

        @Override
        public Element stanza() {
            return m.stanza();
        }

        @Override
        public void rewrite(Element stanza) {
            m.stanza(stanza);
        }
    }

    /** A message handed to federation: it is on its way and is not rewritten any more. */
    private record Remote(SentMessage m) implements Message {
        @Override
        public String from() {
            return m.message().attribute("from");
        }

        @Override
        public String to() {
            return m.to().toString();
        }

        @Override
        public String type() {
            String type = m.message().attribute("type");
            return type == null ? "normal" : type;
        }

        @Override
        public String stanzaId() {
            return null;
        }

        @Override
        public Element stanza() {
            return m.message();
        }

        @Override
        public void rewrite(Element stanza) {
            throw new IllegalStateException("a message handed to federation is not rewritten");
        }
    }
}
