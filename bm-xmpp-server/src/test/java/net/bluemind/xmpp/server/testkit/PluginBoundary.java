package net.bluemind.xmpp.server.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;

/**
 * The rule every plugin's tests check: its main code uses the engine only through the SPI ({@code net.bluemind.xmpp.spi})
 * and the element types it exposes ({@code net.bluemind.xmpp.xml}), never an engine package, so that the engine can
 * change behind it.
 */
public final class PluginBoundary {

    private PluginBoundary() {
    }

    /** Fails, naming each offending dependency, when a main class under {@code pluginPackage} uses the engine. */
    public static void check(String pluginPackage) {
        JavaClasses plugin = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(pluginPackage);
        assertFalse(plugin.isEmpty(), "no class found under " + pluginPackage);
        ArchRuleDefinition.noClasses().that().resideInAPackage(pluginPackage + "..")
                .should().dependOnClassesThat().resideInAPackage("net.bluemind.xmpp.server..")
                .because("a plugin sees only the SPI (net.bluemind.xmpp.spi) and the element types (net.bluemind.xmpp.xml)")
                .check(plugin);
    }
}
