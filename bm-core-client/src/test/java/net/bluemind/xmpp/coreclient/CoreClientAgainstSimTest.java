package net.bluemind.xmpp.coreclient;

import static net.bluemind.xmpp.coreclient.Futures.failure;
import static net.bluemind.xmpp.coreclient.Futures.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.coreclient.model.Assignment;
import net.bluemind.xmpp.coreclient.model.Domain;
import net.bluemind.xmpp.coreclient.model.ItemValue;
import net.bluemind.xmpp.coreclient.model.LoginResponse;
import net.bluemind.xmpp.coreclient.model.Server;
import net.bluemind.xmpp.coreclient.model.User;
import net.bluemind.xmpp.coreclient.model.VCard;
import net.bluemind.xmpp.coreclient.model.ValidationResult;
import net.bluemind.xmpp.coresim.CoreSim;
import net.bluemind.xmpp.coresim.CoreSimConfig;

/** The client against bm-core-sim serving the bundled demo, over real HTTP on loopback. */
class CoreClientAgainstSimTest {
    private static final String ADMIN_TOKEN = "admin-token-for-tests";
    private static CoreSim sim;
    private static CoreClient client;

    @BeforeAll
    static void start() {
        sim = CoreSim.start(CoreSimConfig.demo(ADMIN_TOKEN).withAmqp(null));
        client = new CoreClient(CoreClientConfig.of(URI.create("http://127.0.0.1:" + sim.port()), ADMIN_TOKEN));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void rightPasswordValidatesAsPassword() throws Exception {
        assertEquals(ValidationResult.PASSWORD, get(client.validate("alice@acme.test", "alice")));
    }

    @Test
    void otherAddressAndDomainAliasValidateTheSameUser() throws Exception {
        assertEquals(ValidationResult.PASSWORD, get(client.validate("robert@acme.test", "bob")));
        assertEquals(ValidationResult.PASSWORD, get(client.validate("bob@acme.example", "bob")));
    }

    @Test
    void wrongPasswordUnknownUserAndUnknownDomainValidateAsNone() throws Exception {
        assertEquals(ValidationResult.NONE, get(client.validate("alice@acme.test", "wrong")));
        assertEquals(ValidationResult.NONE, get(client.validate("nobody@acme.test", "nobody")));
        assertEquals(ValidationResult.NONE, get(client.validate("alice@unknown.test", "alice")));
    }

    @Test
    void apiKeyValidatesAsToken() throws Exception {
        assertEquals(ValidationResult.TOKEN, get(client.validate("alice@acme.test", "alice-api-key")));
        assertEquals(ValidationResult.NONE, get(client.validate("bob@acme.test", "alice-api-key")));
    }

    @Test
    void liveSessionValidatesAsTokenUntilLogout() throws Exception {
        LoginResponse login = get(client.login("carol@globex.test", "carol"));
        assertEquals(LoginResponse.Status.Ok, login.status());
        assertEquals(ValidationResult.TOKEN, get(client.validate("carol@globex.test", login.authKey())));

        get(client.logout(login.authKey()));

        assertEquals(ValidationResult.NONE, get(client.validate("carol@globex.test", login.authKey())));
    }

    @Test
    void loginAnswersSessionAndAuthenticatedUser() throws Exception {
        LoginResponse login = get(client.login("alice@acme.test", "alice"));
        assertEquals(LoginResponse.Status.Ok, login.status());
        assertNotNull(login.authKey());
        assertEquals("alice@acme.test", login.latd());
        assertEquals("acme.test", login.authUser().domainUid());
        assertEquals("Alice Martin", login.authUser().displayName());
        assertTrue(login.authUser().roles().contains("hasIM"));
        assertEquals(Optional.of("alice@acme.test"), login.authUser().value().defaultEmail());
    }

    @Test
    void badLoginAnswersStatusBad() throws Exception {
        LoginResponse login = get(client.login("alice@acme.test", "nope"));
        assertEquals(LoginResponse.Status.Bad, login.status());
        assertEquals(null, login.authKey());
    }

    @Test
    void domainListFlagsBlueMindsGlobalDomain() throws Exception {
        List<ItemValue<Domain>> domains = get(client.domains());
        Map<String, Domain> byUid = new java.util.HashMap<>();
        domains.forEach(d -> byUid.put(d.uid(), d.value()));
        assertTrue(byUid.get("global.virt").global());
        Domain acme = byUid.get("acme.test");
        assertFalse(acme.global());
        assertEquals(List.of("acme.example"), acme.aliases());
        assertEquals(List.of("acme.test", "acme.example"), acme.allNames());
        assertTrue(byUid.containsKey("globex.test"));
    }

    @Test
    void domainLookupAcceptsNameAndAlias() throws Exception {
        ItemValue<Domain> byAlias = get(client.lookupDomain("acme.example"));
        assertEquals("acme.test", byAlias.uid());
        assertEquals("acme.test", byAlias.value().name());
        assertTrue(byAlias.version() >= 1);
        assertTrue(byAlias.created() > 0);
        assertEquals("globex.test", get(client.lookupDomain("globex.test")).value().name());
    }

    @Test
    void unknownDomainIsNotFound() {
        failure(CoreNotFoundException.class, client.lookupDomain("unknown.test"));
        failure(CoreNotFoundException.class, client.domainSettings("unknown.test"));
        failure(CoreNotFoundException.class, client.userByLogin("unknown.test", "alice"));
    }

    @Test
    void domainSettingsCarryImPublicAuth() throws Exception {
        assertEquals("false", get(client.domainSettings("acme.test")).get("im_public_auth"));
    }

    @Test
    void demoDomainsAreAssignedToTheDemoXmppServer() throws Exception {
        assertEquals(List.of(new Assignment("demo-xmpp", "acme.test", "bm/xmpp")), get(client.assignments("acme.test")));
        assertEquals(List.of(new Assignment("demo-xmpp", "globex.test", "bm/xmpp")),
                get(client.assignments("globex.test")));
        ItemValue<Server> server = get(client.server("demo-xmpp"));
        assertEquals("demo-xmpp", server.uid());
        assertTrue(server.value().hasTag(Server.XMPP_TAG));
        assertEquals("xmpp.acme.test", server.value().fqdn());
        failure(CoreNotFoundException.class, client.server("no-such-server"));
    }

    @Test
    void userByAnyAddressGivesTheDefaultEmail() throws Exception {
        ItemValue<User> bob = get(client.userByEmail("acme.test", "robert@acme.test"));
        assertEquals("bob", bob.value().login());
        assertEquals(Optional.of("bob@acme.test"), bob.value().defaultEmail());
        assertEquals(2, bob.value().emails().size());
        assertEquals("bob", get(client.userByEmail("acme.test", "robert@acme.example")).value().login());
        assertEquals("Bob Durand", bob.displayName());
    }

    @Test
    void userByLoginAnswersTheUserItem() throws Exception {
        ItemValue<User> alice = get(client.userByLogin("acme.test", "alice"));
        assertEquals("alice", alice.uid());
        assertFalse(alice.value().archived());
        assertEquals("Sales Director", alice.value().contactInfos().title().orElseThrow());
    }

    @Test
    void unknownUserIsNotFound() {
        failure(CoreNotFoundException.class, client.userByEmail("acme.test", "nobody@acme.test"));
        failure(CoreNotFoundException.class, client.userByLogin("acme.test", "nobody"));
        failure(CoreNotFoundException.class, client.rolesResolved("acme.test", "nobody"));
        failure(CoreNotFoundException.class, client.completeCard("acme.test", "nobody"));
    }

    @Test
    void resolvedRolesTellWhoHasInstantMessaging() throws Exception {
        assertTrue(get(client.rolesResolved("acme.test", "alice")).contains("hasIM"));
        assertTrue(get(client.rolesResolved("acme.test", "dave")).isEmpty());
    }

    @Test
    void userSettingsAreAMap() throws Exception {
        assertNotNull(get(client.userSettings("acme.test", "alice")));
    }

    @Test
    void aliceAndBobHavePhotosAndErinHasNone() throws Exception {
        byte[] alice = get(client.userPhoto("acme.test", "alice")).orElseThrow();
        assertEquals((byte) 0x89, alice[0]);
        assertEquals('P', alice[1]);
        assertTrue(get(client.cardPhoto("acme.test", "bob")).isPresent());
        assertTrue(get(client.userPhoto("acme.test", "erin")).isEmpty());
        assertTrue(get(client.cardPhoto("acme.test", "erin")).isEmpty());
    }

    @Test
    void completeCardCarriesNameTitlePhoneAndPhotoFlag() throws Exception {
        ItemValue<VCard> card = get(client.completeCard("acme.test", "alice"));
        assertEquals("alice", card.uid());
        VCard alice = card.value();
        assertEquals("individual", alice.kind());
        assertEquals(Optional.of("Alice Martin"), alice.formattedName());
        assertEquals("Alice", alice.identification().name().givenNames());
        assertEquals("Martin", alice.identification().name().familyNames());
        assertEquals(Optional.of("Sales Director"), alice.title());
        assertEquals(List.of("+33 1 23 45 67 01"), alice.phones());
        assertTrue(alice.hasPhoto());
        assertFalse(get(client.completeCard("acme.test", "erin")).value().hasPhoto());
    }

    @Test
    void badTokenIsPermissionDenied() {
        CoreClient intruder = new CoreClient(CoreClientConfig.of(URI.create("http://127.0.0.1:" + sim.port()), "bad"));
        failure(CorePermissionException.class, intruder.domains());
        failure(CorePermissionException.class, intruder.validate("alice@acme.test", "alice"));
        failure(CorePermissionException.class, intruder.userByLogin("acme.test", "alice"));
    }

    @Test
    void userApiKeyIsAcceptedAsApiToken() throws Exception {
        CoreClient asAlice = new CoreClient(
                CoreClientConfig.of(URI.create("http://127.0.0.1:" + sim.port()), "alice-api-key"));
        assertFalse(get(asAlice.domains()).isEmpty());
    }
}
