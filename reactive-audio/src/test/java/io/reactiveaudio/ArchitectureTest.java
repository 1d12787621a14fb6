package io.reactiveaudio;

import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of {@code docs/architecture.md}, checked on the compiled core: the packages
 * stand in the order the data goes through them, each may use only those before it, and no
 * packages use each other in a circle.
 */
class ArchitectureTest {

    /**
     * The floors, bottom first. The first five are the ground every stage stands on (the records
     * that flow, the checkpoint value, keyed random draws, the DSP kernels, the byte sources and
     * tar format); then the stages in
     * the data's order; then live ingestion, which reuses batches and features; the pipeline
     * builder on top.
     */
    static final List<String> FLOORS = List.of(
            "audio", "checkpoint", "random", "dsp", "bytes",
            "source", "codec", "cache", "decode", "conform", "framing", "shuffle", "augment", "batch",
            "features", "live", "pipeline");

    private static final int GROUND = 5;

    private static JavaClasses core;

    @BeforeAll
    static void importTheCore() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.reactiveaudio");
    }

    @Test
    void everyPackageHasItsFloor() {
        Set<String> packages = new TreeSet<>();
        core.forEach(c -> packages.add(c.getPackageName().split("\\.")[2]));
        assertEquals(new TreeSet<>(FLOORS), packages, "a new package needs its place in FLOORS and docs/architecture.md");
    }

    @Test
    void noPackageUsesOneFurtherAlongTheDataWay() {
        for (int floor = 0; floor < FLOORS.size() - 1; floor++) {
            String[] later = FLOORS.subList(floor + 1, FLOORS.size()).stream()
                    .map(p -> "io.reactiveaudio." + p + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("io.reactiveaudio." + FLOORS.get(floor) + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(later)
                    .because(FLOORS.get(floor) + " comes before them on the data's way")
                    .check(core);
        }
    }

    @Test
    void theGroundImportsNoStageAndNoReactor() {
        for (String ground : FLOORS.subList(0, GROUND)) {
            noClasses().that().resideInAPackage("io.reactiveaudio." + ground + "..")
                    .should().dependOnClassesThat().resideInAnyPackage("reactor..", "org.reactivestreams..")
                    .because("records, random draws and kernels are plain Java, testable without Reactor")
                    .check(core);
        }
    }

    @Test
    void noStagesUseEachOtherInACircle() {
        slices().matching("io.reactiveaudio.(*)..").should().beFreeOfCycles().check(core);
    }

    /** Inside a stage too, but for the codec registry, which names the built-in codecs it stands above. */
    @Test
    void noSubPackagesUseEachOtherInACircle() {
        slices().matching("io.reactiveaudio.(**)").should().beFreeOfCycles()
                .ignoreDependency(name("io.reactiveaudio.codec.BuiltInDecoders"), DescribedPredicate.alwaysTrue())
                .check(core);
    }
}
