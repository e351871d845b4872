package dev.pulse.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.pulse.PulseRuntime;
import dev.pulse.arch.fixture.LeaksAnInternalType;
import dev.pulse.arch.fixture.ReachesIntoTheJdk;
import dev.pulse.scheduler.VirtualThreadBridge;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.StringEntry;
import java.lang.module.ModuleDescriptor;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The lines docs/ARCHITECTURE.md draws ("The parts and what each may know"), held by ArchUnit
 * over pulse-core's main classes.
 */
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

    /** The bridge's name, for the rules that exempt it (and its nested classes). */
    private static final String BRIDGE = VirtualThreadBridge.class.getName().replace(".", "\\.") + "(\\$.*)?";

    /**
     * JDK internals named in a class file's string constants: the way reflection reaches them
     * (a class compiled against {@code jdk.internal} would not link, so nobody does that; they
     * look classes and members up by name). ArchUnit's dependency rules cannot see a name in a
     * string, so this condition reads each class's constant pool with the JDK's ClassFile API.
     */
    private static final Pattern JDK_INTERNAL_NAME = Pattern.compile(
            "^(jdk\\.internal\\.|sun\\.|com\\.sun\\.|java\\.lang\\.(VirtualThread|ThreadBuilders|Continuation)\\b)");

    /** Holds for a class that names a JDK internal; rules use it as "no class should ...". */
    private static final ArchCondition<JavaClass> NAME_A_JDK_INTERNAL =
            new ArchCondition<>("name a JDK internal in a string constant") {
                @Override
                public void check(JavaClass javaClass, ConditionEvents events) {
                    List<String> names = internalNamesIn(javaClass);
                    for (String name : names) {
                        events.add(SimpleConditionEvent.satisfied(
                                javaClass, javaClass.getName() + " names the JDK internal '" + name + "'"));
                    }
                    if (names.isEmpty()) {
                        events.add(SimpleConditionEvent.violated(
                                javaClass, javaClass.getName() + " names no JDK internal"));
                    }
                }
            };

    private static List<String> internalNamesIn(JavaClass javaClass) {
        URI uri = javaClass.getSource().orElseThrow().getUri();
        byte[] bytes;
        try (var in = uri.toURL().openStream()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + uri, e);
        }
        List<String> names = new ArrayList<>();
        for (PoolEntry entry : ClassFile.of().parse(bytes).constantPool()) {
            if (entry instanceof StringEntry string
                    && JDK_INTERNAL_NAME.matcher(string.stringValue()).find()) {
                names.add(string.stringValue());
            }
        }
        return names;
    }

    /** Reflection into java.lang lives in VirtualThreadBridge only. */
    private static final ArchRule JDK_INTERNALS_ONLY_IN_THE_BRIDGE = noClasses()
            .that()
            .haveNameNotMatching(BRIDGE)
            .should()
            .dependOnClassesThat()
            .resideInAPackage("jdk.internal..")
            .orShould(NAME_A_JDK_INTERNAL)
            .orShould()
            .callMethod(java.lang.reflect.AccessibleObject.class, "setAccessible", boolean.class)
            .orShould()
            .callMethod(java.lang.reflect.Field.class, "setAccessible", boolean.class)
            .orShould()
            .callMethod(java.lang.reflect.Constructor.class, "setAccessible", boolean.class)
            .orShould()
            .callMethod(Class.class, "forName", String.class)
            .orShould()
            .callMethod(Class.class, "getDeclaredField", String.class)
            .orShould()
            .callMethod(
                    java.lang.invoke.MethodHandles.class,
                    "privateLookupIn",
                    Class.class,
                    java.lang.invoke.MethodHandles.Lookup.class)
            .because("reflection into JDK internals lives in VirtualThreadBridge only");

    @Test
    void jdkInternalsOnlyInTheBridge() {
        JDK_INTERNALS_ONLY_IN_THE_BRIDGE.check(CORE);
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("jdk.internal..")
                .check(CORE);
    }

    @Test
    void theBridgeRuleRejectsAClassThatReachesIntoTheJdk() {
        JavaClasses fixture = new ClassFileImporter().importClasses(ReachesIntoTheJdk.class);
        assertThatThrownBy(() -> JDK_INTERNALS_ONLY_IN_THE_BRIDGE.check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("names the JDK internal 'jdk.internal.misc.Unsafe'")
                .hasMessageContaining("names the JDK internal 'java.lang.VirtualThread'")
                .hasMessageContaining("Class.forName");
        // the bridge itself names them, and is exempt
        assertThat(internalNamesIn(new ClassFileImporter()
                        .importClasses(VirtualThreadBridge.class)
                        .get(VirtualThreadBridge.class)))
                .contains("java.lang.VirtualThread");
    }

    @Test
    void tiersAndTimingKnowNothingOfCarriers() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.pulse.tier..", "dev.pulse.timing..", "dev.pulse.budget..", "dev.pulse.tracking..")
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

    /** What users program against; everything else is internal (docs/ARCHITECTURE.md). */
    private static final Set<String> EXPORTED =
            Set.of("dev.pulse", "dev.pulse.hooks", "dev.pulse.metrics", "dev.pulse.tier", "dev.pulse.timing");

    private static final Set<String> INTERNAL = Set.of("dev.pulse.scheduler", "dev.pulse.tracking", "dev.pulse.budget");

    @Test
    void theModuleExportsThePublicSurfaceAndNothingElse() throws Exception {
        // pulse-core's own module-info.class, next to its classes (a class-path resource lookup
        // would find a JDK module's first)
        Path classes = Path.of(PulseRuntime.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        assertThat(module.name()).isEqualTo("dev.pulse.core");
        assertThat(module.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source))
                .containsExactlyInAnyOrderElementsOf(EXPORTED);
        assertThat(module.exports().stream().filter(ModuleDescriptor.Exports::isQualified))
                .as("qualified exports: the JFR events, to JFR only")
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.source()).isEqualTo("dev.pulse.jfr");
                    assertThat(e.targets()).containsExactly("jdk.jfr");
                });
        assertThat(module.exports().stream().map(ModuleDescriptor.Exports::source))
                .as("internal packages")
                .doesNotContainAnyElementsOf(INTERNAL);
    }

    @Test
    void noExportedTypeShowsAnInternalTypeInItsPublicSignatures() {
        noInternalTypesInPublicSignatures().check(CORE);
    }

    @Test
    void theExportRuleRejectsAPublicMethodThatReturnsAnInternalType() {
        JavaClasses leaky = new ClassFileImporter().importClasses(LeaksAnInternalType.class);
        assertThatThrownBy(() -> noInternalTypesInPublicSignatures().check(leaky))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("dev.pulse.scheduler.PulseScheduler");
    }

    private static ArchRule noInternalTypesInPublicSignatures() {
        return classes()
                .that()
                .arePublic()
                .and(new com.tngtech.archunit.base.DescribedPredicate<JavaClass>("in an exported package") {
                    @Override
                    public boolean test(JavaClass c) {
                        return EXPORTED.contains(c.getPackageName())
                                || c.getPackageName().startsWith(LeaksAnInternalType.class.getPackageName());
                    }
                })
                .should(new ArchCondition<JavaClass>("show no internal type in a public or protected signature") {
                    @Override
                    public void check(JavaClass c, ConditionEvents events) {
                        for (JavaMember member : c.getMembers()) {
                            if (!member.getModifiers().contains(JavaModifier.PUBLIC)
                                    && !member.getModifiers().contains(JavaModifier.PROTECTED)) {
                                continue;
                            }
                            List<JavaClass> types = new ArrayList<>();
                            switch (member) {
                                case JavaField f -> types.add(f.getRawType());
                                case JavaCodeUnit u -> {
                                    types.add(u.getRawReturnType());
                                    types.addAll(u.getRawParameterTypes());
                                }
                                default -> {}
                            }
                            for (JavaClass t : types) {
                                if (INTERNAL.contains(t.getPackageName())) {
                                    events.add(SimpleConditionEvent.violated(
                                            member, member.getFullName() + " shows " + t.getName()));
                                }
                            }
                        }
                    }
                });
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
