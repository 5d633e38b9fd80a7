package net.bluemind.xmpp.coreclient;

import static net.bluemind.xmpp.coreclient.Futures.failure;
import static net.bluemind.xmpp.coreclient.Futures.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.coreclient.model.Assignment;
import net.bluemind.xmpp.coreclient.model.ValidationResult;
import net.bluemind.xmpp.coresim.CoreSim;
import net.bluemind.xmpp.coresim.CoreSimConfig;

/** bm-core-sim's {@code /sim/} routes change what the client sees and publish bm-mq events on RabbitMQ. */
class SimAdminActionsTest {
    private static final String TOKEN = "sim-admin-token";
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d};

    private static CoreSim sim;
    private static CoreClient client;
    private static SimControl control;
    private static BusProbe bus;

    @BeforeAll
    static void start() throws Exception {
        bus = new BusProbe();
        sim = CoreSim.start(CoreSimConfig.demo(TOKEN));
        client = new CoreClient(CoreClientConfig.of(URI.create("http://127.0.0.1:" + sim.port()), TOKEN));
        control = new SimControl(sim.port());
    }

    @AfterAll
    static void stop() throws Exception {
        sim.close();
        bus.close();
    }

    private static String fresh(String prefix) {
        return prefix + NAMES.incrementAndGet() + "-" + ProcessHandle.current().pid();
    }

    private static String newDomain() throws Exception {
        String name = fresh("d") + ".test";
        control.post("/sim/domains", "{\"uid\":\"" + name + "\",\"name\":\"" + name + "\",\"aliases\":[]}");
        return name;
    }

    private static String newUser(String domain, String roles) throws Exception {
        String login = fresh("u");
        control.post("/sim/users", "{\"domainUid\":\"" + domain + "\",\"login\":\"" + login + "\",\"password\":\""
                + login + "\",\"displayName\":\"New User\",\"roles\":" + roles + ",\"emails\":[]}");
        return login;
    }

    @Test
    void createdDomainIsServedAndAnnounced() throws Exception {
        String name = fresh("new") + ".test";
        control.post("/sim/domains", "{\"uid\":\"" + name + "\",\"name\":\"" + name + "\",\"aliases\":[\"a-" + name + "\"]}");

        assertEquals(name, get(client.lookupDomain("a-" + name)).uid());
        assertTrue(get(client.domains()).stream().anyMatch(d -> d.uid().equals(name)));
        BusProbe.Message m = bus.await("domain.created", "domain", name);
        assertEquals(BusProbe.SYSTEM, m.exchange());
        assertEquals("domain.created", m.body().path("operation").asText());
    }

    @Test
    void deletedDomainIsGoneAndAnnounced() throws Exception {
        String name = newDomain();
        control.delete("/sim/domains/" + name);

        failure(CoreNotFoundException.class, client.lookupDomain(name));
        bus.await("domain.deleted", "domain", name);
    }

    @Test
    void newAliasesAreLookedUpAndAnnounced() throws Exception {
        String name = newDomain();
        control.put("/sim/domains/" + name + "/aliases", "[\"alias-" + name + "\"]");

        assertEquals(name, get(client.lookupDomain("alias-" + name)).uid());
        bus.await("domain.updated", "domain", name);
    }

    @Test
    void publicImSettingIsServedAndAnnounced() throws Exception {
        String name = newDomain();
        control.put("/sim/domains/" + name + "/settings", "{\"im_public_auth\":\"true\"}");

        assertEquals("true", get(client.domainSettings(name)).get("im_public_auth"));
        bus.await("domain.updated", "domain", name);
    }

    @Test
    void assigningAndUnassigningTheXmppServerIsServedAndAnnounced() throws Exception {
        String name = newDomain();
        assertTrue(get(client.assignments(name)).isEmpty());

        control.put("/sim/domains/" + name + "/xmpp-server", "{\"serverUid\":\"demo-xmpp\"}");
        assertEquals(List.of(new Assignment("demo-xmpp", name, "bm/xmpp")), get(client.assignments(name)));
        bus.await("domain.assignment", "domain", name);

        control.delete("/sim/domains/" + name + "/xmpp-server");
        assertTrue(get(client.assignments(name)).isEmpty());
        bus.await("domain.assignment", "domain", name);
    }

    @Test
    void serverTagChangeIsServedAndAnnouncedForItsDomains() throws Exception {
        String server = fresh("srv");
        control.post("/sim/servers", "{\"uid\":\"" + server + "\",\"fqdn\":\"" + server + ".test\",\"tags\":[]}");
        String name = newDomain();
        control.put("/sim/domains/" + name + "/xmpp-server", "{\"serverUid\":\"" + server + "\"}");
        assertFalse(get(client.server(server)).value().hasTag("bm/xmpp"));

        control.put("/sim/servers/" + server + "/tags", "[\"bm/xmpp\"]");

        assertTrue(get(client.server(server)).value().hasTag("bm/xmpp"));
        bus.await("domain.assignment", "domain", name);
    }

    @Test
    void createdUserLogsInAndIsAnnounced() throws Exception {
        String login = newUser("acme.test", "[\"hasIM\"]");

        assertEquals(ValidationResult.PASSWORD, get(client.validate(login + "@acme.test", login)));
        assertEquals(Optional.of(login + "@acme.test"),
                get(client.userByLogin("acme.test", login)).value().defaultEmail());
        BusProbe.Message m = bus.await("user.updated", "uid", login);
        assertEquals(BusProbe.USER, m.exchange());
        assertEquals("acme.test", m.body().path("domain").asText());
    }

    @Test
    void deletedUserIsGoneAndAnnounced() throws Exception {
        String login = newUser("acme.test", "[]");
        control.delete("/sim/users/acme.test/" + login);

        failure(CoreNotFoundException.class, client.userByLogin("acme.test", login));
        assertEquals(ValidationResult.NONE, get(client.validate(login + "@acme.test", login)));
        bus.await("user.deleted", "uid", login);
    }

    @Test
    void grantingHasImIsServedAndAnnounced() throws Exception {
        String login = newUser("acme.test", "[]");
        assertTrue(get(client.rolesResolved("acme.test", login)).isEmpty());

        control.put("/sim/users/acme.test/" + login + "/roles", "[\"hasIM\"]");

        assertTrue(get(client.rolesResolved("acme.test", login)).contains("hasIM"));
        BusProbe.Message m = bus.await("user.roles", "uid", login);
        assertEquals("user.roles", m.body().path("operation").asText());
    }

    @Test
    void newPhotoIsServedAndAnnounced() throws Exception {
        String login = newUser("acme.test", "[]");
        control.put("/sim/users/acme.test/" + login + "/photo", PNG);

        assertEquals(PNG.length, get(client.userPhoto("acme.test", login)).orElseThrow().length);
        assertTrue(get(client.completeCard("acme.test", login)).value().hasPhoto());
        bus.await("user.updated", "uid", login);
    }

    @Test
    void newCardIsServedAndAnnounced() throws Exception {
        String login = newUser("acme.test", "[]");
        control.put("/sim/users/acme.test/" + login + "/card", """
                {"kind":"individual","identification":{"formatedName":{"value":"Renamed","parameters":[]}},
                 "communications":{"tels":[{"value":"+1 555 0100","parameters":[]}]},
                 "organizational":{"title":"CTO"}}""");

        var card = get(client.completeCard("acme.test", login)).value();
        assertEquals(Optional.of("Renamed"), card.formattedName());
        assertEquals(Optional.of("CTO"), card.title());
        assertEquals(List.of("+1 555 0100"), card.phones());
        bus.await("user.updated", "uid", login);
    }

    @Test
    void archivedUserValidatesAsArchived() throws Exception {
        String login = newUser("acme.test", "[\"hasIM\"]");
        control.put("/sim/users/acme.test/" + login + "/archived", "true");

        assertEquals(ValidationResult.ARCHIVED, get(client.validate(login + "@acme.test", login)));
        assertTrue(get(client.userByLogin("acme.test", login)).value().archived());
        bus.await("user.updated", "uid", login);
    }

    @Test
    void expiredPasswordValidatesAsPasswordExpired() throws Exception {
        String login = fresh("exp");
        control.post("/sim/users", "{\"domainUid\":\"acme.test\",\"login\":\"" + login + "\",\"password\":\"pw\","
                + "\"passwordExpired\":true}");

        assertEquals(ValidationResult.PASSWORDEXPIRED, get(client.validate(login + "@acme.test", "pw")));
    }

    @Test
    void simKeepsWorkingWhenRabbitMqIsDown() throws Exception {
        try (CoreSim offline = CoreSim.start(CoreSimConfig.demo(TOKEN).withAmqp(URI.create("amqp://guest:guest@127.0.0.1:1")))) {
            SimControl offlineControl = new SimControl(offline.port());
            CoreClient offlineClient = new CoreClient(
                    CoreClientConfig.of(URI.create("http://127.0.0.1:" + offline.port()), TOKEN));

            offlineControl.put("/sim/users/acme.test/dave/roles", "[\"hasIM\"]");
            offlineControl.put("/sim/users/acme.test/erin/roles", "[]");

            assertTrue(get(offlineClient.rolesResolved("acme.test", "dave")).contains("hasIM"));
            assertTrue(get(offlineClient.rolesResolved("acme.test", "erin")).isEmpty());
        }
    }
}
