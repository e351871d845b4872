package dev.pulse.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.pulse.scheduler.VirtualThreadBridge;
import org.junit.jupiter.api.Test;

/** The lines the architecture draws (DESIGN.md), held by ArchUnit over pulse-core's main classes. */
class ArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.pulse");

    @Test
    void noSunMiscUnsafeAnywhere() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("sun.misc..")
                .check(CORE);
    }

    @Test
    void jdkInternalsOnlyInTheBridge() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("jdk.internal..")
                .check(CORE);
        noClasses()
                .that()
                .haveNameNotMatching(VirtualThreadBridge.class.getName().replace(".", "\\.") + "(\\$.*)?")
                .should()
                .callMethod(java.lang.reflect.AccessibleObject.class, "setAccessible", boolean.class)
                .orShould()
                .callMethod(java.lang.reflect.Field.class, "setAccessible", boolean.class)
                .orShould()
                .callMethod(java.lang.reflect.Constructor.class, "setAccessible", boolean.class)
                .orShould()
                .callMethod(Class.class, "forName", String.class)
                .orShould()
                .callMethod(
                        java.lang.invoke.MethodHandles.class,
                        "privateLookupIn",
                        Class.class,
                        java.lang.invoke.MethodHandles.Lookup.class)
                .because("reflection into java.lang lives in VirtualThreadBridge only")
                .check(CORE);
    }

    @Test
    void tiersAndTimingKnowNothingOfCarriers() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.pulse.tier..", "dev.pulse.timing..", "dev.pulse.budget..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.pulse.scheduler..", "java.util.concurrent.ForkJoin..")
                .check(CORE);
        noClasses()
                .that()
                .resideInAPackage("dev.pulse.timing..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.pulse.tier..")
                .check(CORE);
        noClasses()
                .that()
                .resideInAnyPackage("dev.pulse.tier..", "dev.pulse.timing..")
                .should()
                .dependOnClassesThat()
                .haveSimpleNameContaining("ForkJoin")
                .check(CORE);
    }

    @Test
    void coreDependsOnTheJdkOnly() {
        classes()
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "javax..", "jdk.jfr..", "dev.pulse..")
                .check(CORE);
    }
}
