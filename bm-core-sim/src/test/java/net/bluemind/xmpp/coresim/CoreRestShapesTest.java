package net.bluemind.xmpp.coresim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The exact wire format of the simulated bm-core, checked with a bare HTTP client. */
class CoreRestShapesTest {
    private static final String TOKEN = "shape-token";
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

    private static HttpResponse<byte[]> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("X-BM-Origin", "bm-xmpp");
        if (token != null) {
            b.header("X-BM-ApiKey", token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode json(HttpResponse<byte[]> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void missingTokenIsPermissionDeniedWithBlueMindErrorBody() throws Exception {
        HttpResponse<byte[]> r = call("GET", "/api/domains", null, null);
        assertEquals(403, r.statusCode());
        JsonNode error = json(r);
        assertEquals("PERMISSION_DENIED", error.get("errorCode").asText());
        assertEquals("ServerFault", error.get("errorType").asText());
        assertTrue(error.has("message"));
    }

    @Test
    void badTokenIsPermissionDenied() throws Exception {
        assertEquals(403, call("POST", "/api/auth/validate?login=alice@acme.test&origin=bm-xmpp", "nope", "\"alice\"")
                .statusCode());
    }

    @Test
    void validateAnswersAJsonString() throws Exception {
        HttpResponse<byte[]> r = call("POST", "/api/auth/validate?login=alice%40acme.test&origin=bm-xmpp", TOKEN,
                "\"alice\"");
        assertEquals(200, r.statusCode());
        assertEquals("\"PASSWORD\"", new String(r.body()));
    }

    @Test
    void itemValueCarriesEveryEnvelopeField() throws Exception {
        JsonNode item = json(call("GET", "/api/domains/_lookup?name=acme.test", TOKEN, null));
        assertEquals(List.of("uid", "internalId", "version", "displayName", "externalId", "createdBy", "updatedBy",
                "created", "updated", "flags", "value"), fields(item));
        assertEquals(List.of("label", "name", "description", "properties", "global", "aliases", "defaultAlias"),
                fields(item.get("value")));
    }

    @Test
    void userCarriesEmailsWithDefaultAndContactInfos() throws Exception {
        JsonNode user = json(call("GET", "/api/users/acme.test/byEmail/robert@acme.test", TOKEN, null)).get("value");
        assertEquals("bob", user.get("login").asText());
        JsonNode first = user.get("emails").get(0);
        assertEquals("bob@acme.test", first.get("address").asText());
        assertTrue(first.get("isDefault").asBoolean());
        assertTrue(first.get("allAliases").asBoolean());
        assertFalse(user.get("emails").get(1).get("isDefault").asBoolean());
        assertFalse(user.get("archived").asBoolean());
        JsonNode card = user.get("contactInfos");
        assertEquals("Bob Durand", card.at("/identification/formatedName/value").asText());
        assertEquals("Support Engineer", card.at("/organizational/title").asText());
        for (String part : List.of("kind", "identification", "deliveryAddressing", "communications", "organizational",
                "explanatory", "related")) {
            assertTrue(card.has(part), part);
        }
    }

    @Test
    void missingPhotoIsNoContent() throws Exception {
        assertEquals(204, call("GET", "/api/users/acme.test/erin/photo", TOKEN, null).statusCode());
        HttpResponse<byte[]> alice = call("GET", "/api/addressbooks/addressbook_acme.test/alice/photo", TOKEN, null);
        assertEquals(200, alice.statusCode());
        assertEquals("image/png", alice.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void unknownUserIsNotFoundWithErrorBody() throws Exception {
        HttpResponse<byte[]> r = call("GET", "/api/users/acme.test/byLogin/nobody", TOKEN, null);
        assertEquals(404, r.statusCode());
        assertEquals("NOT_FOUND", json(r).get("errorCode").asText());
    }

    @Test
    void logoutEndsTheSessionGivenAsApiKey() throws Exception {
        JsonNode login = json(call("POST", "/api/auth/login?login=erin@acme.test&origin=test", null, "\"erin\""));
        assertEquals("Ok", login.get("status").asText());
        String authKey = login.get("authKey").asText();
        assertEquals(List.of("uid", "domainUid", "displayName", "value", "roles", "rolesByOU", "settings"),
                fields(login.get("authUser")));
        assertEquals(200, call("GET", "/api/domains", authKey, null).statusCode());

        assertEquals(204, call("POST", "/api/auth/logout", authKey, null).statusCode());

        assertEquals(403, call("GET", "/api/domains", authKey, null).statusCode());
    }

    @Test
    void expiredLoginAndBadLoginAreStatusesNotErrors() throws Exception {
        JsonNode bad = json(call("POST", "/api/auth/login?login=erin@acme.test&origin=test", null, "\"x\""));
        assertEquals("Bad", bad.get("status").asText());
    }

    @Test
    void nonStringPasswordBodyIsRejected() throws Exception {
        assertEquals(400, call("POST", "/api/auth/validate?login=alice@acme.test", TOKEN, "{\"p\":1}").statusCode());
    }

    @Test
    void unknownRouteIsNotFoundAndWrongMethodIsRefused() throws Exception {
        assertEquals(404, call("GET", "/api/nothing", TOKEN, null).statusCode());
        assertEquals(405, call("DELETE", "/api/domains", TOKEN, null).statusCode());
    }

    @Test
    void simRouteRejectsAnInvalidBody() throws Exception {
        assertEquals(400, call("PUT", "/sim/users/acme.test/alice/roles", null, "{\"not\":\"a list\"}").statusCode());
        assertEquals(400, call("PUT", "/sim/users/acme.test/alice/photo", null, "not a png").statusCode());
        assertEquals(404, call("PUT", "/sim/users/acme.test/nobody/roles", null, "[]").statusCode());
        assertEquals(409, call("POST", "/sim/domains", null, "{\"uid\":\"acme.test\"}").statusCode());
    }
}
