package io.reactiveaudio.netty;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of the netty module ({@code docs/architecture.md}): the wire's internals
 * stand under the public protocol types, which stand under the server, the client and ingest; the
 * three sides do not use each other, and no packages use each other in a circle.
 */
class ArchitectureTest {

    private static JavaClasses netty;

    @BeforeAll
    static void importTheModule() {
        netty = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.reactiveaudio.netty");
    }

    @Test
    void theWireInternalsUseNoPublicPackage() {
        noClasses().that().resideInAPackage("io.reactiveaudio.netty.internal..")
                .should().dependOnClassesThat().resideInAnyPackage("io.reactiveaudio.netty.protocol..",
                        "io.reactiveaudio.netty.server..", "io.reactiveaudio.netty.client..",
                        "io.reactiveaudio.netty.ingest..")
                .check(netty);
    }

    @Test
    void theProtocolTypesUseOnlyTheWire() {
        noClasses().that().resideInAPackage("io.reactiveaudio.netty.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage("io.reactiveaudio.netty.server..",
                        "io.reactiveaudio.netty.client..", "io.reactiveaudio.netty.ingest..")
                .check(netty);
    }

    @Test
    void serverClientAndIngestStandApart() {
        noClasses().that().resideInAPackage("io.reactiveaudio.netty.client..")
                .should().dependOnClassesThat().resideInAnyPackage("io.reactiveaudio.netty.server..",
                        "io.reactiveaudio.netty.ingest..")
                .check(netty);
        noClasses().that().resideInAPackage("io.reactiveaudio.netty.ingest..")
                .should().dependOnClassesThat().resideInAnyPackage("io.reactiveaudio.netty.client..")
                .check(netty);
    }

    @Test
    void noPackagesUseEachOtherInACircle() {
        slices().matching("io.reactiveaudio.netty.(**)").should().beFreeOfCycles().check(netty);
    }
}
