package net.bluemind.xmpp.coresim.control;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import net.bluemind.xmpp.coresim.directory.Directory;
import net.bluemind.xmpp.coresim.directory.NewUser;
import net.bluemind.xmpp.coresim.directory.SimDomain;
import net.bluemind.xmpp.coresim.directory.SimUser;
import net.bluemind.xmpp.coresim.http.ApiException;
import net.bluemind.xmpp.coresim.http.Request;
import net.bluemind.xmpp.coresim.http.Response;
import net.bluemind.xmpp.coresim.http.Router;
import net.bluemind.xmpp.coresim.mq.BmEvent;
import net.bluemind.xmpp.coresim.mq.EventPublisher;
import net.bluemind.xmpp.coresim.rest.BlueMindJson;
import net.bluemind.xmpp.coresim.rest.Bodies;

/**
 * {@code /sim/}: the admin console's actions. Each one changes the directory, then publishes the bm-mq event
 * BlueMind would (docs/bm-core-sim.md lists routes, bodies and events).
 */
public final class SimControlRoutes {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> SETTINGS = new TypeReference<>() { };

    private final Directory directory;
    private final EventPublisher events;
    private final BlueMindJson json;
    private final ApiDelay delay;
    private final ObjectMapper mapper = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    public SimControlRoutes(Directory directory, EventPublisher events, BlueMindJson json, ApiDelay delay) {
        this.directory = directory;
        this.events = events;
        this.json = json;
        this.delay = delay;
    }

    public void register(Router router) {
        router.add("POST", "/sim/domains", this::createDomain)
                .add("DELETE", "/sim/domains/{uid}", this::deleteDomain)
                .add("PUT", "/sim/domains/{uid}/aliases", this::setAliases)
                .add("PUT", "/sim/domains/{uid}/settings", this::putSettings)
                .add("PUT", "/sim/domains/{uid}/xmpp-server", this::assign)
                .add("DELETE", "/sim/domains/{uid}/xmpp-server", this::unassign)
                .add("POST", "/sim/servers", this::createServer)
                .add("PUT", "/sim/servers/{uid}/tags", this::setServerTags)
                .add("POST", "/sim/users", this::createUser)
                .add("DELETE", "/sim/users/{domainUid}/{login}", this::deleteUser)
                .add("PUT", "/sim/users/{domainUid}/{login}/roles", this::setRoles)
                .add("PUT", "/sim/users/{domainUid}/{login}/photo", this::setPhoto)
                .add("DELETE", "/sim/users/{domainUid}/{login}/photo", this::deletePhoto)
                .add("PUT", "/sim/users/{domainUid}/{login}/card", this::setCard)
                .add("PUT", "/sim/users/{domainUid}/{login}/archived", this::setArchived)
                .add("PUT", "/sim/api-delay", this::setApiDelay)
                .add("DELETE", "/sim/api-delay", r -> {
                    delay.set(0);
                    return Response.noContent();
                });
    }

    private Response setApiDelay(Request r) {
        SimBodies.Delay body = read(r, SimBodies.Delay.class);
        if (body.millis() == null || body.millis() < 0) {
            throw ApiException.badRequest("millis (0 or more) is required");
        }
        delay.set(body.millis());
        return Response.noContent();
    }

    private Response createDomain(Request r) {
        SimBodies.NewDomain body = read(r, SimBodies.NewDomain.class);
        if (body.uid() == null && body.name() == null) {
            throw ApiException.badRequest("a domain needs a uid or a name");
        }
        String uid = body.uid() == null ? body.name() : body.uid();
        String name = body.name() == null ? uid : body.name();
        SimDomain domain = directory.createDomain(uid, name, body.label(), body.description(),
                body.aliases() == null ? List.of() : body.aliases(), body.defaultAlias(),
                body.settings() == null ? Map.of() : body.settings(), body.xmppServer());
        events.publish(BmEvent.domain("domain.created", uid));
        return created(directory.read(d -> json.domainItem(domain)));
    }

    private Response deleteDomain(Request r) {
        SimDomain domain = directory.deleteDomain(r.var("uid"));
        events.publish(BmEvent.domain("domain.deleted", domain.uid()));
        return Response.noContent();
    }

    private Response setAliases(Request r) {
        SimDomain domain = directory.setAliases(r.var("uid"), read(r, STRINGS));
        events.publish(BmEvent.domain("domain.updated", domain.uid()));
        return Response.noContent();
    }

    private Response putSettings(Request r) {
        SimDomain domain = directory.putSettings(r.var("uid"), read(r, SETTINGS));
        events.publish(BmEvent.domain("domain.updated", domain.uid()));
        return Response.noContent();
    }

    private Response assign(Request r) {
        SimBodies.Assignment body = read(r, SimBodies.Assignment.class);
        if (body.serverUid() == null) {
            throw ApiException.badRequest("serverUid is required");
        }
        SimDomain domain = directory.assignXmppServer(r.var("uid"), body.serverUid());
        events.publish(BmEvent.domain("domain.assignment", domain.uid()));
        return Response.noContent();
    }

    private Response unassign(Request r) {
        SimDomain domain = directory.assignXmppServer(r.var("uid"), null);
        events.publish(BmEvent.domain("domain.assignment", domain.uid()));
        return Response.noContent();
    }

    private Response createServer(Request r) {
        SimBodies.NewServer body = read(r, SimBodies.NewServer.class);
        if (body.uid() == null) {
            throw ApiException.badRequest("a server needs a uid");
        }
        var server = directory.putServer(body.uid(), body.name(), body.fqdn(), body.ip(),
                body.tags() == null ? List.of() : body.tags());
        return created(directory.read(d -> json.serverItem(server)));
    }

    /** A server's tags decide whether its domains are served: every domain assigned to it is told. */
    private Response setServerTags(Request r) {
        String serverUid = r.var("uid");
        directory.setServerTags(serverUid, read(r, STRINGS));
        directory.domainsAssignedTo(serverUid)
                .forEach(uid -> events.publish(BmEvent.domain("domain.assignment", uid)));
        return Response.noContent();
    }

    private Response createUser(Request r) {
        SimBodies.UserBody b = read(r, SimBodies.UserBody.class);
        SimUser user = directory.createUser(new NewUser(b.uid(), b.domainUid(),
                b.login(), b.password(), b.displayName(), b.emails(), b.roles(), b.archived(), b.passwordExpired(),
                b.apiKeys(), b.title(), b.phone(), null, b.settings()));
        events.publish(BmEvent.user("user.updated", user.domainUid(), user.uid()));
        return created(directory.read(d -> json.userItem(user)));
    }

    private Response deleteUser(Request r) {
        SimUser user = directory.deleteUser(r.var("domainUid"), r.var("login"));
        events.publish(BmEvent.user("user.deleted", user.domainUid(), user.uid()));
        return Response.noContent();
    }

    private Response setRoles(Request r) {
        SimUser user = directory.setRoles(r.var("domainUid"), r.var("login"), read(r, STRINGS));
        events.publish(BmEvent.user("user.roles", user.domainUid(), user.uid()));
        return Response.noContent();
    }

    private Response setPhoto(Request r) {
        if (!isPng(r.body())) {
            throw ApiException.badRequest("the body must be a PNG image");
        }
        return userUpdated(directory.setPhoto(r.var("domainUid"), r.var("login"), r.body()));
    }

    private Response deletePhoto(Request r) {
        return userUpdated(directory.setPhoto(r.var("domainUid"), r.var("login"), null));
    }

    private Response setCard(Request r) {
        JsonNode card = Bodies.json(mapper, r.body());
        if (!(card instanceof ObjectNode object)) {
            throw ApiException.badRequest("the body must be a BlueMind VCard object");
        }
        return userUpdated(directory.setCard(r.var("domainUid"), r.var("login"), object));
    }

    private Response setArchived(Request r) {
        JsonNode flag = Bodies.json(mapper, r.body());
        if (!flag.isBoolean()) {
            throw ApiException.badRequest("the body must be true or false");
        }
        return userUpdated(directory.setArchived(r.var("domainUid"), r.var("login"), flag.booleanValue()));
    }

    private Response userUpdated(SimUser user) {
        events.publish(BmEvent.user("user.updated", user.domainUid(), user.uid()));
        return Response.noContent();
    }

    private Response created(ObjectNode item) {
        return new Response(201, "application/json", json.bytes(item));
    }

    private <T> T read(Request r, Class<T> type) {
        try {
            return mapper.treeToValue(Bodies.json(mapper, r.body()), type);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("invalid body: " + e.getOriginalMessage());
        }
    }

    private <T> T read(Request r, TypeReference<T> type) {
        try {
            return mapper.treeToValue(Bodies.json(mapper, r.body()), mapper.constructType(type));
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("invalid body: " + e.getOriginalMessage());
        }
    }

    private static boolean isPng(byte[] bytes) {
        return bytes.length > 8 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G';
    }
}
