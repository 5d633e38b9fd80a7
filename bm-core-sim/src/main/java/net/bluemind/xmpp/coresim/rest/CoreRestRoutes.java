package net.bluemind.xmpp.coresim.rest;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import net.bluemind.xmpp.coresim.directory.Directory;
import net.bluemind.xmpp.coresim.directory.NotFoundException;
import net.bluemind.xmpp.coresim.directory.SimDomain;
import net.bluemind.xmpp.coresim.directory.SimServer;
import net.bluemind.xmpp.coresim.directory.SimUser;
import net.bluemind.xmpp.coresim.directory.Validation;
import net.bluemind.xmpp.coresim.http.ApiException;
import net.bluemind.xmpp.coresim.http.Request;
import net.bluemind.xmpp.coresim.http.Response;
import net.bluemind.xmpp.coresim.http.Route;
import net.bluemind.xmpp.coresim.http.Router;

/** bm-core's REST endpoints of BLUEMIND-CONTRACTS.md, under {@code /api}. */
public final class CoreRestRoutes {
    private static final String XMPP_TAG = "bm/xmpp";

    private final Directory directory;
    private final BlueMindJson json;

    public CoreRestRoutes(Directory directory, BlueMindJson json) {
        this.directory = directory;
        this.json = json;
    }

    public void register(Router router) {
        router.add("POST", "/api/auth/validate", secured(this::validate))
                .add("POST", "/api/auth/login", this::login)
                .add("POST", "/api/auth/logout", secured(this::logout))
                .add("GET", "/api/domains", secured(this::domains))
                .add("GET", "/api/domains/_lookup", secured(this::lookupDomain))
                .add("GET", "/api/domains/{domainUid}/_settings", secured(this::domainSettings))
                .add("GET", "/api/servers/default/{domainUid}/assignments", secured(this::assignments))
                .add("GET", "/api/servers/default/{serverUid}", secured(this::server))
                .add("GET", "/api/users/{domainUid}/byEmail/{email}", secured(this::userByEmail))
                .add("GET", "/api/users/{domainUid}/byLogin/{login}", secured(this::userByLogin))
                .add("GET", "/api/users/{domainUid}/{uid}/roles_resolved", secured(this::roles))
                .add("GET", "/api/users/{domainUid}/{uid}/photo", secured(this::userPhoto))
                .add("GET", "/api/users/{domainUid}/{uid}/_settings", secured(this::userSettings))
                .add("GET", "/api/addressbooks/{book}/{uid}/complete", secured(this::completeCard))
                .add("GET", "/api/addressbooks/{book}/{uid}/photo", secured(this::cardPhoto));
    }

    private Route secured(Route route) {
        return request -> {
            if (!directory.acceptsToken(request.apiKey())) {
                throw ApiException.permissionDenied(request.apiKey() == null
                        ? "missing X-BM-ApiKey" : "invalid or expired X-BM-ApiKey");
            }
            return route.handle(request);
        };
    }

    private Response validate(Request r) {
        String secret = Bodies.jsonString(json.mapper(), r.body());
        Validation result = directory.validate(r.param("login"), secret);
        return Response.json(json.bytes(result.name()));
    }

    private Response login(Request r) {
        String password = Bodies.jsonString(json.mapper(), r.body());
        String login = r.param("login");
        ObjectNode answer = json.object();
        Validation result = directory.validate(login, password);
        switch (result) {
            case PASSWORD -> {
                SimUser user = directory.resolveLogin(login).orElseThrow();
                answer.put("status", "Ok").putNull("message");
                answer.put("authKey", directory.openSession(user));
                answer.put("latd", user.login() + '@' + directory.requireDomain(user.domainUid()).name());
                answer.set("authUser", authUser(user));
            }
            case PASSWORDEXPIRED -> answer.put("status", "Expired").put("message", "password expired");
            default -> answer.put("status", "Bad").put("message", "login failed for " + login);
        }
        return Response.json(json.bytes(answer));
    }

    private ObjectNode authUser(SimUser user) {
        ObjectNode authUser = json.object();
        authUser.put("uid", user.uid());
        authUser.put("domainUid", user.domainUid());
        authUser.put("displayName", user.displayName());
        authUser.set("value", json.user(user));
        authUser.set("roles", json.strings(user.roles()));
        authUser.putObject("rolesByOU");
        authUser.set("settings", json.map(user.settings()));
        return authUser;
    }

    private Response logout(Request r) {
        directory.closeSession(r.apiKey());
        return Response.noContent();
    }

    private Response domains(Request r) {
        List<ObjectNode> items = directory.read(d -> d.domains().stream().map(json::domainItem).toList());
        return Response.json(json.bytes(json.array(items)));
    }

    private Response lookupDomain(Request r) {
        String name = r.param("name");
        SimDomain domain = directory.lookupDomain(name == null ? "" : name)
                .orElseThrow(() -> new NotFoundException("domain " + name + " not found"));
        return Response.json(json.bytes(directory.read(d -> json.domainItem(domain))));
    }

    private Response domainSettings(Request r) {
        return Response.json(json.bytes(json.map(directory.requireDomain(r.var("domainUid")).settings())));
    }

    private Response assignments(Request r) {
        SimDomain domain = directory.requireDomain(r.var("domainUid"));
        ArrayNode list = json.array(List.of());
        if (domain.xmppServer() != null) {
            list.add(json.assignment(domain.xmppServer(), domain.uid(), XMPP_TAG));
        }
        return Response.json(json.bytes(list));
    }

    private Response server(Request r) {
        SimServer server = directory.server(r.var("serverUid"))
                .orElseThrow(() -> new NotFoundException("server " + r.var("serverUid") + " not found"));
        return Response.json(json.bytes(directory.read(d -> json.serverItem(server))));
    }

    private Response userByEmail(Request r) {
        String domainUid = r.var("domainUid");
        directory.requireDomain(domainUid);
        SimUser user = directory.userByEmail(domainUid, r.var("email"))
                .orElseThrow(() -> new NotFoundException("no user with email " + r.var("email")));
        return Response.json(json.bytes(directory.read(d -> json.userItem(user))));
    }

    private Response userByLogin(Request r) {
        SimUser user = directory.requireUserByLogin(r.var("domainUid"), r.var("login"));
        return Response.json(json.bytes(directory.read(d -> json.userItem(user))));
    }

    private Response roles(Request r) {
        return Response.json(json.bytes(json.strings(directory.requireUser(r.var("domainUid"), r.var("uid")).roles())));
    }

    private Response userPhoto(Request r) {
        return Response.png(directory.requireUser(r.var("domainUid"), r.var("uid")).photo());
    }

    private Response userSettings(Request r) {
        return Response.json(json.bytes(json.map(directory.requireUser(r.var("domainUid"), r.var("uid")).settings())));
    }

    private Response completeCard(Request r) {
        SimUser user = bookUser(r);
        return Response.json(json.bytes(directory.read(d -> json.cardItem(user))));
    }

    private Response cardPhoto(Request r) {
        return Response.png(bookUser(r).photo());
    }

    private SimUser bookUser(Request r) {
        String book = r.var("book");
        if (!book.startsWith("addressbook_")) {
            throw new NotFoundException("address book " + book + " not found");
        }
        return directory.requireUser(book.substring("addressbook_".length()), r.var("uid"));
    }
}
