package net.bluemind.xmpp.coresim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.bluemind.xmpp.coresim.directory.Directory;
import net.bluemind.xmpp.coresim.directory.Validation;

/** The bundled demo's generated accounts bench1..bench60000@acme.test, over real HTTP. */
class GeneratedUsersTest {
    private static final String TOKEN = "generated-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static CoreSim sim;

    @BeforeAll
    static void start() {
        sim = CoreSim.start(CoreSimConfig.demo(TOKEN).withAmqp(null));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("X-BM-ApiKey", TOKEN).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String validate(String login, String secret) throws Exception {
        HttpResponse<String> r = call("POST", "/api/auth/validate?origin=bm-xmpp&login="
                + URLEncoder.encode(login, StandardCharsets.UTF_8), JSON.writeValueAsString(secret));
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readValue(r.body(), String.class);
    }

    private static JsonNode ok(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    @Test
    void generatedUserValidatesWithItsPassword() throws Exception {
        assertEquals("PASSWORD", validate("bench1@acme.test", "bench"));
        assertEquals("PASSWORD", validate("bench60000@acme.test", "bench"));
        assertEquals("PASSWORD", validate("bench4242@acme.example", "bench"));
        assertEquals("PASSWORD", validate("bench17", "bench"));
        assertEquals("NONE", validate("bench17@acme.test", "wrong"));
    }

    @Test
    void generatedUserLogsIn() throws Exception {
        JsonNode answer = ok(call("POST", "/api/auth/login?origin=bm-xmpp&login=bench12%40acme.test", "\"bench\""));
        assertEquals("Ok", answer.get("status").asText());
        assertEquals("bench12@acme.test", answer.get("latd").asText());
        assertEquals("bench12", answer.at("/authUser/uid").asText());
        String authKey = answer.get("authKey").asText();
        assertEquals("TOKEN", validate("bench12@acme.test", authKey));
    }

    @Test
    void generatedUserIsFoundByEmailAndByLogin() throws Exception {
        JsonNode byEmail = ok(call("GET", "/api/users/acme.test/byEmail/bench123@acme.test", null));
        assertEquals("bench123", byEmail.get("uid").asText());
        assertEquals("Bench 123", byEmail.get("displayName").asText());
        assertEquals("bench123", byEmail.at("/value/login").asText());
        assertEquals("bench123@acme.test", byEmail.at("/value/emails/0/address").asText());
        assertTrue(byEmail.at("/value/emails/0/isDefault").asBoolean());
        assertEquals("bench123", ok(call("GET", "/api/users/acme.test/byEmail/bench123@acme.example", null))
                .get("uid").asText());
        JsonNode byLogin = ok(call("GET", "/api/users/acme.test/byLogin/bench123", null));
        assertEquals("bench123", byLogin.get("uid").asText());
        assertEquals(byEmail.get("internalId"), byLogin.get("internalId"));
    }

    @Test
    void generatedUserHasTheRolesAMinimalCardAndNoPhoto() throws Exception {
        assertEquals(List.of("hasIM"), JSON.convertValue(ok(call("GET", "/api/users/acme.test/bench9/roles_resolved",
                null)), List.class));
        JsonNode card = ok(call("GET", "/api/addressbooks/addressbook_acme.test/bench9/complete", null));
        assertEquals("bench9", card.get("uid").asText());
        assertEquals("Bench 9", card.at("/value/identification/formatedName/value").asText());
        assertFalse(card.at("/value/identification/photo").asBoolean());
        assertEquals("bench9@acme.test", card.at("/value/communications/emails/0/value").asText());
        assertEquals(204, call("GET", "/api/users/acme.test/bench9/photo", null).statusCode());
        assertEquals(204, call("GET", "/api/addressbooks/addressbook_acme.test/bench9/photo", null).statusCode());
    }

    @Test
    void outOfRangeAndMalformedNamesAreUnknown() throws Exception {
        for (String login : List.of("bench0", "bench01", "benchx", "bench", "bench60001", "bench-1", "bench1x",
                "bench99999999999999999999")) {
            assertEquals("NONE", validate(login + "@acme.test", "bench"), login);
            assertEquals(404, call("GET", "/api/users/acme.test/byLogin/" + login, null).statusCode(), login);
            assertEquals(404, call("GET", "/api/users/acme.test/byEmail/" + login + "@acme.test", null).statusCode(),
                    login);
            assertEquals(404, call("GET", "/api/users/acme.test/" + login + "/roles_resolved", null).statusCode(),
                    login);
        }
        assertEquals("NONE", validate("bench5@globex.test", "bench"));
        assertEquals(404, call("GET", "/api/users/globex.test/byLogin/bench5", null).statusCode());
    }

    @Test
    void aChangeThroughSimSticksToTheGeneratedUser() throws Exception {
        assertEquals(204, call("PUT", "/sim/users/acme.test/bench30/roles", "[]").statusCode());
        assertEquals("[]", call("GET", "/api/users/acme.test/bench30/roles_resolved", null).body());
        assertEquals("[\"hasIM\"]", call("GET", "/api/users/acme.test/bench31/roles_resolved", null).body());
        assertEquals(204, call("DELETE", "/sim/users/acme.test/bench32", null).statusCode());
        assertEquals("NONE", validate("bench32@acme.test", "bench"));
        assertEquals(404, call("GET", "/api/users/acme.test/byLogin/bench32", null).statusCode());
        assertEquals(409, call("POST", "/sim/users", """
                {"domainUid": "acme.test", "login": "bench33", "password": "x", "displayName": "X", "roles": []}
                """).statusCode());
    }

    @Test
    void rangeCanNameItsDomainByNameAndDefaultsThePassword(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("directory.yaml"), """
                domains: [{uid: d-uid, name: corp.test}]
                users: [{login: load2, domain: d-uid, password: own}]
                generated: [{domain: corp.test, prefix: load, count: 3}]
                """);
        try (CoreSim other = CoreSim.start(CoreSimConfig.demo("t").withAmqp(null).withFixtures(dir))) {
            Directory d = other.directory();
            assertEquals(Validation.PASSWORD, d.validate("load1@corp.test", "load"));
            assertEquals(Validation.PASSWORD, d.validate("load2@corp.test", "own"));
            assertEquals(Validation.NONE, d.validate("load2@corp.test", "load"));
            assertEquals(Validation.NONE, d.validate("load4@corp.test", "load"));
            assertTrue(d.requireUserByLogin("d-uid", "load3").roles().isEmpty());
            assertEquals(1, d.usersOf("d-uid").size());
        }
        Files.writeString(dir.resolve("directory.yaml"), "generated: [{domain: nowhere.test, prefix: x, count: 1}]\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CoreSim.start(CoreSimConfig.demo("t").withAmqp(null).withFixtures(dir)));
        assertTrue(e.getMessage().contains("nowhere.test"), e.getMessage());
    }
}
