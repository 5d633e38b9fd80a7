package net.bluemind.xmpp.server.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import net.bluemind.xmpp.server.hooks.StanzaHooks;

/**
 * The engine's packages form no cycle: a feature depends on the stanza path ({@code hooks}), never on the
 * dispatcher, and the dispatcher on the features it dispatches to, never the other way round.
 */
class PackageCyclesTest {

    private static final JavaClasses ENGINE = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("net.bluemind.xmpp");

    @Test
    void theEnginesPackagesFormNoCycle() {
        assertTrue(ENGINE.contain(StanzaHooks.class), "the engine's classes were found");
        slices().matching("net.bluemind.xmpp.server.(**)").should().beFreeOfCycles().check(ENGINE);
    }

    @Test
    void routingDeliveryAndPresenceNameNoFeatureOnTheStanzaPath() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                .that().resideInAnyPackage("net.bluemind.xmpp.server.delivery..", "net.bluemind.xmpp.server.router..",
                        "net.bluemind.xmpp.server.presence..")
                .should().dependOnClassesThat().resideInAnyPackage("net.bluemind.xmpp.server.carbons..",
                        "net.bluemind.xmpp.server.stanzaid..", "net.bluemind.xmpp.server.offline..", "net.bluemind.xmpp.server.archive..",
                        "net.bluemind.xmpp.server.blocking..", "net.bluemind.xmpp.server.sm..", "net.bluemind.xmpp.server.csi..")
                .because("features attach to the hooks and gates of the stanza path (StanzaHooks); routing, delivery and presence do not call them")
                .check(ENGINE);
    }

    @Test
    void clientConnectionsNameNoStreamFeature() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                .that().resideInAnyPackage("net.bluemind.xmpp.server.c2s..")
                .should().dependOnClassesThat().resideInAnyPackage("net.bluemind.xmpp.server.csi..")
                .because("stream features attach through StanzaHooks (stream/bound, addClientElement)")
                .check(ENGINE);
    }

    @Test
    void aFeatureSeesOnlyItsOwnStore() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                .that().resideInAnyPackage("net.bluemind.xmpp.server.roster..", "net.bluemind.xmpp.server.presence..",
                        "net.bluemind.xmpp.server.offline..", "net.bluemind.xmpp.server.privatexml..", "net.bluemind.xmpp.server.blocking..",
                        "net.bluemind.xmpp.server.pep..", "net.bluemind.xmpp.server.archive..", "net.bluemind.xmpp.server.delivery..")
                .should().dependOnClassesThat().areAssignableTo(net.bluemind.xmpp.spi.UserDataRepository.class)
                .because("each feature is given its own store (RosterStore, OfflineMessageStore, PrivateXmlStore, BlockListStore,"
                        + " PepStore); only the wiring and account deletion see all of a user's data")
                .check(ENGINE);
    }
}
