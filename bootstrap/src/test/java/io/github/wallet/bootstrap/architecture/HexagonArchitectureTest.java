package io.github.wallet.bootstrap.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.github.wallet.application.inprocess.SystemTimeSource;
import io.github.wallet.application.inprocess.TimeOrderedIdGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hexagon, checked: the domain knows only the JDK, ports know only the domain, adapters know
 * no each other, and only bootstrap knows the adapters. Rules that match nothing fail.
 */
class HexagonArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // Test fixtures shared as test-jars (*-tests.jar) are tests too, though they sit in jars.
        ImportOption noTestJars = location -> !location.contains("-tests.jar");
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(noTestJars)
                .importPackages("io.github.wallet");
    }

    @Test
    void theHexagonHasItsLayers() {
        onionArchitecture()
                .domainModels("io.github.wallet.domain..")
                .domainServices("io.github.wallet.application.port..")
                // The in-process port implementations are part of the core (the embedded default), not an adapter.
                .applicationServices("io.github.wallet.application.service..", "io.github.wallet.application.inprocess..")
                .adapter("http", "io.github.wallet.adapter.in.http..")
                .adapter("postgres", "io.github.wallet.adapter.out.postgres..")
                .adapter("redis", "io.github.wallet.adapter.out.redis..")
                // The composition root wires every adapter: that is its job, not a leak.
                .ignoreDependency(resideInAPackage("io.github.wallet.bootstrap.."), DescribedPredicate.alwaysTrue())
                .check(classes);
    }

    @Test
    void theDomainDependsOnlyOnTheJdk() {
        classes().that().resideInAPackage("io.github.wallet.domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.github.wallet.domain..", "java.lang..", "java.util..", "java.time..", "java.math..")
                .check(classes);
    }

    /** Any way of reading the wall clock: {@code X.now()} of every java.time type, the system clocks, currentTimeMillis. */
    private static final DescribedPredicate<JavaMethodCall> READS_THE_CLOCK = new DescribedPredicate<>("reads the clock") {
        @Override
        public boolean test(JavaMethodCall call) {
            String owner = call.getTargetOwner().getName();
            String name = call.getName();
            return owner.startsWith("java.time.") && (name.equals("now") || name.startsWith("system"))
                    || owner.equals("java.lang.System") && name.equals("currentTimeMillis");
        }
    };

    @Test
    void theDomainNeverReadsTheClockNorMakesIds() {
        noClasses().that().resideInAPackage("io.github.wallet.domain..")
                .should().callMethodWhere(READS_THE_CLOCK)
                .orShould().callMethod(java.util.UUID.class, "randomUUID")
                .check(classes);
    }

    @Test
    void theCoreReadsTheClockOnlyThroughTheTimePort() {
        noClasses().that().resideInAPackage("io.github.wallet.application..")
                .and().doNotHaveFullyQualifiedName(SystemTimeSource.class.getName())
                // UUIDv7 carries the time by definition: the id port's implementation reads it.
                .and().doNotHaveFullyQualifiedName(TimeOrderedIdGenerator.class.getName())
                .should().callMethodWhere(READS_THE_CLOCK)
                .orShould().callMethod(java.util.UUID.class, "randomUUID")
                .check(classes);
    }

    @Test
    void theCoreDependsOnTheDomainJakartaInjectAndAListedPartOfTheJdk() {
        classes().that().resideInAPackage("io.github.wallet.application..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.github.wallet.domain..", "io.github.wallet.application..",
                        "jakarta.inject..", "java.lang..", "java.util..", "java.time..", "java.security..")
                .check(classes);
    }

    @Test
    void inboundAndOutboundPortsDoNotKnowEachOtherNorTheServices() {
        noClasses().that().resideInAPackage("io.github.wallet.application.port.in..")
                .should().dependOnClassesThat().resideInAnyPackage("io.github.wallet.application.port.out..", "io.github.wallet.application.service..")
                .check(classes);
        noClasses().that().resideInAPackage("io.github.wallet.application.port.out..")
                .should().dependOnClassesThat().resideInAnyPackage("io.github.wallet.application.port.in..", "io.github.wallet.application.service..")
                .check(classes);
    }

    @Test
    void adaptersNeverUseTheServicesNorTheInProcessPortsDirectly() {
        noClasses().that().resideInAPackage("io.github.wallet.adapter..")
                .should().dependOnClassesThat().resideInAnyPackage("io.github.wallet.application.service..",
                        "io.github.wallet.application.inprocess..")
                .check(classes);
    }

    @Test
    void noAdapterMakesABusinessDecision() {
        // The ledger and the planner decide; a store only keeps what they decided.
        noClasses().that().resideInAPackage("io.github.wallet.adapter..")
                .should().dependOnClassesThat().haveFullyQualifiedName(io.github.wallet.domain.operation.Ledger.class.getName())
                .check(classes);
    }

    @Test
    void adaptersDoNotKnowEachOther() {
        slices().matching("io.github.wallet.adapter.(*).(*)..").should().notDependOnEachOther().check(classes);
    }

    @Test
    void onlyBootstrapKnowsTheAdaptersAndNothingKnowsBootstrap() {
        noClasses().that().resideOutsideOfPackages("io.github.wallet.bootstrap..", "io.github.wallet.adapter..")
                .should().dependOnClassesThat().resideInAPackage("io.github.wallet.adapter..")
                .check(classes);
        noClasses().that().resideOutsideOfPackage("io.github.wallet.bootstrap..")
                .should().dependOnClassesThat().resideInAPackage("io.github.wallet.bootstrap..")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.github.wallet.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void generalCodingRules() {
        // Everything logs through SLF4J, except the launcher: it runs before any logging, on JVMs too
        // old for the logging libraries, to say which Java the server needs (standard error is all there is).
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                .that().resideOutsideOfPackage("io.github.wallet.launcher..")
                .should(com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS)
                .because("output goes through the logger")
                .check(classes);
        NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS.check(classes);
        NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING.check(classes);
    }
}
