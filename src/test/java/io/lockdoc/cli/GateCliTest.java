package io.lockdoc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code analyze --fail-on}, {@code --baseline}/{@code --write-baseline} and {@code --format junit}, with real files. */
class GateCliTest {
    private static final Path SEED = Fixtures.path("linux/dmesg_lockdep-circular-seed-mymod.log");
    private static final Path HUNG = Fixtures.path("linux/kinds/dmesg_hung-task-blocker-chain.log");
    private static final Path CLEAN = Fixtures.path("linux/dmesg_kasan-not-a-lock.log");
    private static final String SEED_SIG = "v1:lock-order-inversion:466ae3c1cd1f";
    private static final String HUNG_SIG = "v1:hung-task:6a2323d4b57c";

    @TempDir
    Path tmp;

    private static Document xml(String text) throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> cases(Document doc) {
        NodeList nl = doc.getElementsByTagName("testcase");
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nl.getLength(); i++) {
            out.add((Element) nl.item(i));
        }
        return out;
    }

    private static Element child(Element e, String name) {
        NodeList nl = e.getElementsByTagName(name);
        return nl.getLength() == 0 ? null : (Element) nl.item(0);
    }

    private Path bothLogs() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("console"));
        Files.copy(SEED, dir.resolve("dmesg-boot1.log"));
        Files.copy(HUNG, dir.resolve("dmesg-boot2.log"));
        return dir;
    }

    @Test
    void withoutFailOnTheExitCodesStayAsTheyWere() {
        assertThat(CliTest.run("analyze", SEED.toString()).exit()).isEqualTo(1);
        assertThat(CliTest.run("analyze", CLEAN.toString()).exit()).isEqualTo(0);
    }

    @Test
    void failOnExitsFiveOnlyForAGatedCause() {
        CliTest.Run gated = CliTest.run("analyze", SEED.toString(), "--fail-on", "hung-task,lock-order-inversion");
        assertThat(gated.exit()).isEqualTo(ExitCode.GATED_FINDING.code()).isEqualTo(5);
        assertThat(gated.err())
                .contains("lockdoc: new finding lock-order-inversion " + SEED_SIG
                        + " at dmesg_lockdep-circular-seed-mymod.log:2");

        CliTest.Run other = CliTest.run("analyze", SEED.toString(), "--fail-on", "hung-task");
        assertThat(other.exit()).isEqualTo(0);
        assertThat(other.out()).contains("lock-order-inversion"); // still reported, only not gated

        assertThat(CliTest.run("analyze", SEED.toString(), "--fail-on", "any").exit())
                .isEqualTo(5);
        assertThat(CliTest.run("analyze", CLEAN.toString(), "--fail-on", "any").exit())
                .isEqualTo(0);
    }

    @Test
    void anUnknownCauseIsAUsageErrorNamingIt() {
        CliTest.Run r = CliTest.run("analyze", SEED.toString(), "--fail-on", "hung-task,dead-lock");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains("--fail-on: unknown cause 'dead-lock'; choose any or one of: lock-order-inversion");
    }

    @Test
    void theBaselinePassesAKnownFindingAndFailsANewOne() throws Exception {
        Path known = tmp.resolve("known.json");
        assertThat(CliTest.run("analyze", SEED.toString(), "--write-baseline", known.toString())
                        .exit())
                .isEqualTo(1);
        JsonNode written = JsonMapper.builder().build().readTree(Files.readString(known));
        assertThat(written.get("schema").asString()).isEqualTo("lockdoc-baseline/1");
        assertThat(written.get("findings").size()).isEqualTo(1);
        JsonNode entry = written.get("findings").get(0);
        assertThat(entry.get("signature").asString()).isEqualTo(SEED_SIG);
        assertThat(entry.get("cause").asString()).isEqualTo("lock-order-inversion");
        assertThat(entry.get("summary").asString()).startsWith("Lock order inversion: insmod/2817 takes lock1");
        String firstSeen = entry.get("firstSeen").asString();
        assertThat(java.time.Instant.parse(firstSeen)).isNotNull();

        CliTest.Run same = CliTest.run("analyze", SEED.toString(), "--baseline", known.toString());
        assertThat(same.exit()).isEqualTo(0);
        assertThat(same.err()).contains("1 known finding(s) in the baseline did not fail the run");

        Path dir = bothLogs();
        CliTest.Run more = CliTest.run(
                "analyze", dir.toString(), "--baseline", known.toString(), "--fail-on", "any", "--format", "junit");
        assertThat(more.exit()).isEqualTo(5);
        assertThat(more.err()).contains("new finding hung-task " + HUNG_SIG).doesNotContain("new finding lock-order");
        List<Element> cs = cases(xml(more.out()));
        assertThat(cs).hasSize(2);
        Element seedCase = cs.stream()
                .filter(e -> e.getAttribute("classname").equals("lock-order-inversion"))
                .findFirst()
                .orElseThrow();
        assertThat(child(seedCase, "failure")).isNull();
        assertThat(child(seedCase, "skipped").getAttribute("message"))
                .isEqualTo("known finding: in the baseline since " + firstSeen);
        Element hungCase = cs.stream()
                .filter(e -> e.getAttribute("classname").equals("hung-task"))
                .findFirst()
                .orElseThrow();
        assertThat(child(hungCase, "failure").getAttribute("type")).isEqualTo("hung-task");

        // written again: the known entry keeps its first-seen time, the new one is added
        CliTest.Run rewrite = CliTest.run("analyze", dir.toString(), "--write-baseline", known.toString());
        assertThat(rewrite.exit()).isEqualTo(1);
        JsonNode again = JsonMapper.builder().build().readTree(Files.readString(known));
        assertThat(again.get("findings").size()).isEqualTo(2);
        assertThat(again.get("findings").get(0).get("firstSeen").asString()).isEqualTo(firstSeen);
        assertThat(again.get("findings").get(1).get("signature").asString()).isEqualTo(HUNG_SIG);
        assertThat(CliTest.run("analyze", dir.toString(), "--baseline", known.toString())
                        .exit())
                .isEqualTo(0);
    }

    @Test
    void aMissingOrMalformedBaselineIsAUsageErrorNamingTheFile() throws Exception {
        Path missing = tmp.resolve("none.json");
        CliTest.Run r = CliTest.run("analyze", SEED.toString(), "--baseline", missing.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(missing + ": no such baseline (write one with --write-baseline " + missing + ")");

        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"schema\":\"lockdoc-report/1\",\"findings\":[]}");
        CliTest.Run b = CliTest.run("analyze", SEED.toString(), "--baseline", bad.toString());
        assertThat(b.exit()).isEqualTo(2);
        assertThat(b.err()).contains(bad + ": not a lockdoc baseline (expected \"schema\": \"lockdoc-baseline/1\")");
    }

    @Test
    void junitHasOneFailedTestCasePerFindingWithTheTextReport() throws Exception {
        Path dir = bothLogs();
        CliTest.Run r = CliTest.run("analyze", dir.toString(), "--format", "junit");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode json = JsonMapper.builder()
                .build()
                .readTree(CliTest.run("analyze", dir.toString(), "--format", "json")
                        .out())
                .get("findings");
        Document doc = xml(r.out());
        Element suites = doc.getDocumentElement();
        assertThat(suites.getTagName()).isEqualTo("testsuites");
        assertThat(suites.getAttribute("tests")).isEqualTo("2");
        assertThat(suites.getAttribute("failures")).isEqualTo("2");
        Element suite = child(suites, "testsuite");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        List<Element> cs = cases(doc);
        assertThat(cs).hasSize(json.size());
        for (int i = 0; i < cs.size(); i++) {
            Element c = cs.get(i);
            JsonNode f = json.get(i);
            assertThat(c.getAttribute("classname")).isEqualTo(f.get("cause").asString());
            assertThat(c.getAttribute("name"))
                    .isEqualTo(f.get("summary").asString() + " ["
                            + f.get("signature").asString() + "]");
            assertThat(c.getAttribute("file"))
                    .isEqualTo(f.get("evidence").get(0).get("artifact").asString());
            assertThat(c.getAttribute("line"))
                    .isEqualTo(f.get("evidence").get(0).get("firstLine").asString());
            Element failure = child(c, "failure");
            assertThat(failure.getAttribute("type")).isEqualTo(f.get("cause").asString());
            assertThat(failure.getAttribute("message"))
                    .contains(f.get("cause").asString())
                    .contains(f.get("culprit").get("function").asString())
                    .endsWith(f.get("summary").asString());
            assertThat(failure.getTextContent())
                    .contains("signature: " + f.get("signature").asString())
                    .contains("culprit:   " + f.get("culprit").get("function").asString());
        }
        Element seed = cs.stream()
                .filter(e -> e.getAttribute("classname").equals("lock-order-inversion"))
                .findFirst()
                .orElseThrow();
        assertThat(child(seed, "failure").getTextContent())
                .contains("evidence:  dmesg-boot1.log:2-82")
                .contains("      3 | WARNING: possible circular locking dependency detected")
                .contains("Remediation (lock-order-inversion)");
    }

    @Test
    void junitWithNothingFoundIsOnePassingTestCase() throws Exception {
        CliTest.Run r = CliTest.run("analyze", CLEAN.toString(), "--format", "junit");
        assertThat(r.exit()).isEqualTo(0);
        Document doc = xml(r.out());
        assertThat(doc.getDocumentElement().getAttribute("failures")).isEqualTo("0");
        List<Element> cs = cases(doc);
        assertThat(cs).hasSize(1);
        assertThat(cs.get(0).getAttribute("classname")).isEqualTo("lockdoc");
        assertThat(cs.get(0).getAttribute("name")).startsWith("no lock or hang problem found in ");
        assertThat(cs.get(0).getChildNodes().getLength()).isZero();
    }

    @Test
    void junitMarksAFindingOfAnUngatedCauseAsPassing() throws Exception {
        CliTest.Run r = CliTest.run("analyze", SEED.toString(), "--format", "junit", "--fail-on", "hung-task");
        assertThat(r.exit()).isEqualTo(0);
        Element c = cases(xml(r.out())).get(0);
        assertThat(child(c, "failure")).isNull();
        assertThat(child(c, "skipped")).isNull();
        assertThat(child(c, "system-out").getTextContent())
                .startsWith("not gated: lock-order-inversion is not in --fail-on");
    }
}
