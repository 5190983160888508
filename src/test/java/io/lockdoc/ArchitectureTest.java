package io.lockdoc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The one-way flow: source -> parser -> engine -> knowledge base -> renderer. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.lockdoc");
    }

    @Test
    void parsersNeverImportTheEngineRulesKnowledgeBaseOrRenderers() {
        noClasses()
                .that()
                .resideInAPackage("io.lockdoc.parse..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.lockdoc.engine..",
                        "io.lockdoc.rulebase..",
                        "io.lockdoc.kb..",
                        "io.lockdoc.report..",
                        "io.lockdoc.analysis..",
                        "io.lockdoc.cli..",
                        "org.kie..",
                        "org.drools..")
                .check(classes);
    }

    @Test
    void theEngineNeverReadsFilesNorKnowsFormats() {
        noClasses()
                .that()
                .resideInAPackage("io.lockdoc.engine..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.lockdoc.parse..",
                        "io.lockdoc.ingest..",
                        "io.lockdoc.detect..",
                        "io.lockdoc.report..",
                        "io.lockdoc.kb..")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.nio.file.Files")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.io.FileInputStream")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.io.FileReader")
                .check(classes);
    }

    @Test
    void renderersNeverImportParsersOrRules() {
        noClasses()
                .that()
                .resideInAPackage("io.lockdoc.report..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.lockdoc.parse..",
                        "io.lockdoc.ingest..",
                        "io.lockdoc.detect..",
                        "io.lockdoc.engine..",
                        "io.lockdoc.rulebase..",
                        "org.kie..",
                        "org.drools..")
                .check(classes);
    }

    @Test
    void theModelDependsOnNothingOfLockdoc() {
        noClasses()
                .that()
                .resideInAPackage("io.lockdoc.model..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.lockdoc.parse..",
                        "io.lockdoc.engine..",
                        "io.lockdoc.kb..",
                        "io.lockdoc.report..",
                        "io.lockdoc.ingest..",
                        "io.lockdoc.detect..",
                        "io.lockdoc.cli..",
                        "io.lockdoc.analysis..")
                .check(classes);
    }

    @Test
    void theCollectorOnlyWritesBundlesAndDiagnosesNothing() {
        noClasses()
                .that()
                .resideInAPackage("io.lockdoc.collect..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.lockdoc.parse..",
                        "io.lockdoc.engine..",
                        "io.lockdoc.rulebase..",
                        "io.lockdoc.kb..",
                        "io.lockdoc.report..",
                        "io.lockdoc.analysis..",
                        "io.lockdoc.cli..")
                .check(classes);
    }

    @Test
    void detectionIsDeclaredApartFromParsing() {
        noClasses()
                .that()
                .resideInAPackage("io.lockdoc.detect..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.lockdoc.parse..")
                .check(classes);
    }

    /** Printed maps keep the order written: Map.of iterates in an order that changes between JVM runs. */
    @Test
    void whatIsPrintedNeverComesFromMapOf() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.lockdoc.report..", "io.lockdoc.ticket..", "io.lockdoc.cli..", "io.lockdoc.mcp..")
                .should()
                .callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "Map.of or Map.copyOf with arguments",
                        call -> call.getTargetOwner().isEquivalentTo(java.util.Map.class)
                                && (call.getName().equals("of")
                                        || call.getName().equals("copyOf"))
                                && !call.getTarget().getRawParameterTypes().isEmpty()))
                .check(classes);
    }

    /** Only the shell boots Spring, so one-shot commands keep their start-up time. */
    @Test
    void onlyTheShellFrontEndUsesSpringOrJLine() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.lockdoc.shell..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "org.jline..")
                .check(classes);
        noClasses()
                .that()
                .haveFullyQualifiedName("io.lockdoc.shell.Session")
                .or()
                .haveFullyQualifiedName("io.lockdoc.shell.SessionStore")
                .or()
                .haveFullyQualifiedName("io.lockdoc.shell.SessionState")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "org.jline..")
                .check(classes);
    }

    /** Only {@code lockdoc mcp} loads the MCP SDK (and Reactor under it), so analyze starts as before. */
    @Test
    void onlyTheMcpServerUsesTheMcpSdk() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.lockdoc.mcp..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.modelcontextprotocol..", "reactor..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("io.lockdoc..")
                .and()
                .doNotHaveFullyQualifiedName("io.lockdoc.cli.McpCommand")
                .and()
                .resideOutsideOfPackage("io.lockdoc.mcp..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.lockdoc.mcp..")
                .check(classes);
    }
}
