package net.bluemind.xmpp.server.adhoc;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.bluemind.xmpp.server.dataforms.DataForm;
import net.bluemind.xmpp.server.disco.DiscoNodeProvider;
import net.bluemind.xmpp.server.disco.DiscoProcessor;
import net.bluemind.xmpp.spi.Route;
import net.bluemind.xmpp.spi.StanzaContext;
import net.bluemind.xmpp.spi.StanzaProcessor;
import net.bluemind.xmpp.spi.VHostRepository;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;
import net.bluemind.xmpp.xml.StanzaError;

/**
 * XEP-0050 ad-hoc commands of the server: lists the commands a requester may run under the node
 * {@value #NS}, and runs them: sessions, stages, actions, required fields and the XEP's errors. The
 * commands themselves ({@link AdHocCommand}) only say what to ask and what to do.
 *
 * <p>An administrator (configuration {@code admins}) administers the domain of their own JID, with
 * its aliases: admin-only commands are listed and run only when sent to that domain.
 */
public final class AdHocProcessor implements StanzaProcessor, DiscoNodeProvider {

    public static final String NS = "http://jabber.org/protocol/commands";
    public static final Duration SESSION_LIFETIME = Duration.ofMinutes(10);
    public static final int MAX_SESSIONS_PER_REQUESTER = 16;
    private static final Logger log = LoggerFactory.getLogger(AdHocProcessor.class);

    private final Map<String, AdHocCommand> commands = new LinkedHashMap<>();
    private final VHostRepository vhosts;
    private final CommandSessions sessions;

    public AdHocProcessor(List<AdHocCommand> commands, VHostRepository vhosts, Clock clock) {
        this(commands, vhosts, clock, SESSION_LIFETIME);
    }

    AdHocProcessor(List<AdHocCommand> commands, VHostRepository vhosts, Clock clock, Duration sessionLifetime) {
        for (AdHocCommand c : commands) {
            if (this.commands.putIfAbsent(c.node(), c) != null) {
                throw new IllegalArgumentException("two ad-hoc commands have the node " + c.node());
            }
        }
        this.vhosts = vhosts;
        this.sessions = new CommandSessions(clock, sessionLifetime, MAX_SESSIONS_PER_REQUESTER);
    }

    @Override
    public String id() {
        return "adhoc";
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.iq("command", NS, Route.Target.SERVER));
    }

    @Override
    public Set<String> discoFeatures(Route.Target target) {
        return target == Route.Target.SERVER ? Set.of(NS, DataForm.NS) : Set.of();
    }

    // --- Discovery (XEP-0050 §2) ---

    @Override
    public List<Element> info(StanzaContext ctx, String node) {
        if (ctx.target() != Route.Target.SERVER) {
            return null;
        }
        if (node.equals(NS)) {
            return List.of(identity("command-list", "Commands"));
        }
        AdHocCommand c = commands.get(node);
        if (c == null || !visible(ctx, c)) {
            return null;
        }
        return List.of(identity("command-node", c.name()), feature(NS), feature(DataForm.NS));
    }

    @Override
    public List<Element> items(StanzaContext ctx, String node) {
        if (ctx.target() != Route.Target.SERVER) {
            return null;
        }
        if (node.equals(NS)) {
            List<Element> out = new ArrayList<>();
            for (AdHocCommand c : commands.values()) {
                if (visible(ctx, c)) {
                    out.add(Element.builder("item", DiscoProcessor.ITEMS).attribute("jid", ctx.to().toString())
                            .attribute("node", c.node()).attribute("name", c.name()).build());
                }
            }
            return out;
        }
        AdHocCommand c = commands.get(node);
        return c != null && visible(ctx, c) ? List.of() : null;
    }

    private static Element identity(String type, String name) {
        return Element.builder("identity", DiscoProcessor.INFO).attribute("category", "automation")
                .attribute("type", type).attribute("name", name).build();
    }

    private static Element feature(String var) {
        return Element.builder("feature", DiscoProcessor.INFO).attribute("var", var).build();
    }

    private boolean visible(StanzaContext ctx, AdHocCommand c) {
        return !c.adminOnly() || administers(ctx);
    }

    /** Whether the sender is an administrator and the command was sent to their own domain. */
    private boolean administers(StanzaContext ctx) {
        if (!ctx.senderIsAdmin()) {
            return false;
        }
        String own = vhosts.canonical(ctx.from().getDomain().toString());
        return own != null && own.equals(vhosts.canonical(ctx.to().getDomain().toString()));
    }

    // --- Execution (XEP-0050 §4) ---

    @Override
    public void process(StanzaContext ctx) {
        Element command = ctx.stanza().firstChildElement();
        if (!"set".equals(ctx.stanza().attribute("type"))) {
            ctx.replyError(StanzaError.of(StanzaError.Condition.BAD_REQUEST, "commands are run with an iq set"));
            return;
        }
        try {
            dispatch(ctx, command);
        } catch (CommandException e) {
            replyError(ctx, command, e);
        }
    }

    private void dispatch(StanzaContext ctx, Element command) {
        String node = command.attribute("node");
        if (node == null) {
            throw CommandException.of(StanzaError.Condition.BAD_REQUEST, "a command needs a node");
        }
        AdHocCommand c = commands.get(node);
        if (c == null) {
            throw CommandException.of(StanzaError.Condition.ITEM_NOT_FOUND, "no such command");
        }
        boolean admin = administers(ctx);
        if (c.adminOnly() && !admin) {
            log.debug("command {} refused to {}: not an administrator of {}", node, ctx.from(), ctx.to());
            throw CommandException.forbidden("only an administrator of " + ctx.to() + " may run this command");
        }
        CommandAction action = CommandAction.parse(command.attribute("action"));
        if (action == null) {
            throw CommandException.specific(StanzaError.Condition.BAD_REQUEST, "malformed-action",
                    "unknown action '" + command.attribute("action") + "'");
        }
        String sessionId = command.attribute("sessionid");
        if (sessionId == null) {
            start(ctx, command, c, action, admin);
        } else {
            resume(ctx, command, sessions.find(sessionId, ctx.from(), node), action, admin);
        }
    }

    private void start(StanzaContext ctx, Element command, AdHocCommand c, CommandAction action, boolean admin) {
        if (action != CommandAction.EXECUTE) {
            throw badAction("a new session starts with execute");
        }
        CommandSession s = sessions.open(ctx.from(), c);
        s.begin();
        runStep(ctx, command, s, CommandAction.EXECUTE, null, admin);
    }

    private void resume(StanzaContext ctx, Element command, CommandSession s, CommandAction action, boolean admin) {
        if (action == CommandAction.CANCEL) {
            sessions.end(s);
            ctx.replyResult(commandElement(s, "canceled").build());
            return;
        }
        if (!s.begin()) {
            throw CommandException.of(StanzaError.Condition.UNEXPECTED_REQUEST, "the previous step is still running");
        }
        try {
            CommandStep current = s.current();
            if (action == CommandAction.PREV) {
                if (!s.canGoBack()) {
                    throw badAction("there is no previous stage");
                }
                CommandStep previous = s.back();
                s.done();
                ctx.replyResult(render(s, previous));
                return;
            }
            CommandAction resolved = action == CommandAction.EXECUTE ? current.defaultAction() : action;
            if (!current.actions().contains(resolved)) {
                throw badAction(action.xml() + " is not allowed at this stage");
            }
            DataForm form = DataForm.findIn(command);
            List<String> missing = current.form() == null ? List.of() : current.form().missingIn(form);
            if (!missing.isEmpty()) {
                throw CommandException.badPayload("required: " + String.join(", ", missing));
            }
            runStep(ctx, command, s, resolved, form, admin);
        } catch (CommandException e) {
            s.done();
            if (!e.keepsSession()) {
                sessions.end(s);
            }
            throw e;
        }
    }

    private void runStep(StanzaContext ctx, Element command, CommandSession s, CommandAction action, DataForm form, boolean admin) {
        CommandRequest request = new CommandRequest(ctx.from(), vhosts.canonical(ctx.to().getDomain().toString()), admin,
                action, s.submittedWith(form), ctx.background());
        CompletionStage<CommandStep> step;
        try {
            step = s.command().step(request);
        } catch (RuntimeException e) {
            step = CompletableFuture.failedFuture(e);
        }
        step.whenComplete((answer, error) -> finish(ctx, command, s, form, answer, error));
    }

    private void finish(StanzaContext ctx, Element command, CommandSession s, DataForm form, CommandStep answer, Throwable error) {
        s.done();
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause == null && answer == null) {
            cause = new IllegalStateException("the command answered nothing");
        }
        if (cause instanceof CommandException e) {
            if (!e.keepsSession()) {
                sessions.end(s);
            }
            replyError(ctx, command, e);
            return;
        }
        if (cause != null) {
            log.error("command {} failed for {}", s.command().node(), s.requester(), cause);
            sessions.end(s);
            replyError(ctx, command, CommandException.of(StanzaError.Condition.INTERNAL_SERVER_ERROR, null));
            return;
        }
        if (answer.isCompleted()) {
            sessions.end(s);
        } else {
            s.advance(form, answer);
        }
        ctx.replyResult(render(s, answer));
    }

    private Element render(CommandSession s, CommandStep step) {
        Element.Builder b = commandElement(s, step.isCompleted() ? "completed" : "executing");
        if (!step.isCompleted()) {
            b.child(actions(step, s.canGoBack()));
        }
        for (CommandNote n : step.notes()) {
            b.child(Element.builder("note", NS).attribute("type", n.type().xml()).text(n.text()).build());
        }
        if (step.form() != null) {
            b.child(step.form().toElement());
        }
        return b.build();
    }

    private static Element.Builder commandElement(CommandSession s, String status) {
        return Element.builder("command", NS).attribute("node", s.command().node())
                .attribute("sessionid", s.id()).attribute("status", status);
    }

    private static Element actions(CommandStep step, boolean canGoBack) {
        Element.Builder b = Element.builder("actions", NS).attribute("execute", step.defaultAction().xml());
        if (canGoBack) {
            b.child(Element.empty("prev", NS));
        }
        for (CommandAction a : List.of(CommandAction.NEXT, CommandAction.COMPLETE)) {
            if (step.actions().contains(a)) {
                b.child(Element.empty(a.xml(), NS));
            }
        }
        return b.build();
    }

    private static CommandException badAction(String text) {
        return CommandException.badAction(text);
    }

    /** The error reply, with the XEP-0050 condition element after the stanza error's own. */
    private static void replyError(StanzaContext ctx, Element command, CommandException e) {
        Element error = e.error().toElement(null);
        if (e.specificCondition() != null) {
            error = error.toBuilder().child(Element.empty(e.specificCondition(), NS)).build();
        }
        ctx.reply(Element.builder("iq", Namespaces.CLIENT)
                .attribute("id", ctx.stanza().attribute("id"))
                .attribute("type", "error")
                .child(command)
                .child(error)
                .build());
    }

    /** Sessions in progress (for tests and metrics). */
    public int openSessions() {
        return sessions.openCount();
    }
}
