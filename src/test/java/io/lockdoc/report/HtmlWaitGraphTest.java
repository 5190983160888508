package io.lockdoc.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.analysis.AnalysisResult;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** Every kind of finding with a wait-for structure draws it: parsed as XML, nodes, edges and colours asserted. */
class HtmlWaitGraphTest {
    private static final String RED = "#c62828";

    /** The first finding's SVG, parsed (a parse error fails the test: the SVG must be well-formed). */
    private static Document svg(String fixture) throws Exception {
        return svgOf(ReportFixtures.analyze(fixture));
    }

    private static Document svgOf(AnalysisResult r) throws Exception {
        String html = ReportFixtures.render(new HtmlRenderer(), r, null);
        Matcher m = Pattern.compile("<section class=\"finding\" id=\"finding-1\">.*?</section>", Pattern.DOTALL)
                .matcher(html);
        assertThat(m.find()).as("a first finding").isTrue();
        Matcher s = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL).matcher(m.group());
        assertThat(s.find()).as("a wait-for graph in the first finding").isTrue();
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new InputSource(new StringReader(s.group())));
    }

    private static List<String> xpath(Document d, String expr) throws Exception {
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(expr, d, XPathConstants.NODESET);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent().strip());
        }
        return out;
    }

    private static List<String> labels(Document d, String nodeClass) throws Exception {
        return xpath(d, "//*[@class='" + nodeClass + "']/*[@class='node-label']");
    }

    /** Edges as "from -> to" of the given class ({@code edge waits cycle}, {@code edge holds cycle}). */
    private static List<String> edges(Document d, String cls) throws Exception {
        NodeList g = (NodeList)
                XPathFactory.newInstance().newXPath().evaluate("//*[@class='" + cls + "']", d, XPathConstants.NODESET);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < g.getLength(); i++) {
            var e = (org.w3c.dom.Element) g.item(i);
            out.add(e.getAttribute("data-from") + " -> " + e.getAttribute("data-to"));
        }
        return out;
    }

    private static List<String> strokes(Document d, String cls) throws Exception {
        return xpath(d, "//*[@class='" + cls + "']/*[local-name()='line']/@stroke");
    }

    @Test
    void aHungTaskChainDrawsWaiterLockAndHeadWithTheHeadMarked() throws Exception {
        Document d = svg("linux/kinds/dmesg_hung-task-blocker-chain.log");

        // the head of the chain is what to unblock: it is the culprit, the hung task its victim
        assertThat(labels(d, "node task")).containsExactly("demo-b/502");
        assertThat(labels(d, "node task culprit head")).containsExactly("demo-a/501");
        assertThat(xpath(d, "//*[@class='node task culprit head']/*[@class='node-detail']"))
                .containsExactly("S in request_wait_answer");
        assertThat(xpath(d, "//*[@class='head-tag']")).containsExactly("chain head");
        assertThat(labels(d, "node lock")).containsExactly("mutex");
        assertThat(edges(d, "edge waits cycle")).containsExactly("task:demo-b/502 -> lock:1");
        assertThat(edges(d, "edge holds cycle")).containsExactly("lock:1 -> task:demo-a/501");
        assertThat(strokes(d, "edge waits cycle")).containsOnly(RED);
    }

    @Test
    void aHungTaskCycleFromHeldLocksIsARingWithoutAHead() throws Exception {
        Document d = svg("linux/kinds/dmesg_hung-task-held-locks-cycle.log");

        assertThat(xpath(d, "//*[starts-with(@class,'node task')]/*[@class='node-label']"))
                .containsExactlyInAnyOrder("demo-x/701", "demo-y/702");
        assertThat(labels(d, "node lock")).containsExactlyInAnyOrder("&demo->lock_b", "&demo->lock_a");
        assertThat(edges(d, "edge waits cycle")).hasSize(2);
        assertThat(edges(d, "edge holds cycle"))
                .containsExactlyInAnyOrder("lock:1 -> task:demo-y/702", "lock:2 -> task:demo-x/701");
        assertThat(xpath(d, "//*[@class='head-tag']")).isEmpty();
    }

    @Test
    void aJavaMonitorCycleIsRedWithTheSitedThreadOutlined() throws Exception {
        Document d = svg("userspace/jstack_monitor-abba.txt");

        assertThat(labels(d, "node task culprit")).containsExactly("pay-1/1010");
        assertThat(labels(d, "node task")).containsExactly("pay-2/1011");
        assertThat(labels(d, "node lock")).hasSize(2).allMatch(l -> l.startsWith("monitor <0x00000007000"));
        assertThat(edges(d, "edge waits cycle")).hasSize(2);
        assertThat(edges(d, "edge holds cycle")).hasSize(2);
        assertThat(strokes(d, "edge holds cycle")).containsOnly(RED);
        assertThat(xpath(d, "//*[@class='node task culprit']/*[local-name()='rect']/@stroke"))
                .containsExactly(RED);
    }

    @Test
    void aFileLockCycleNamesBothProcessesAndBothLocks() throws Exception {
        Document d = svg("userspace/bundle-flock-abba");

        assertThat(labels(d, "node task")).containsExactlyInAnyOrder("importer/700", "importer/701");
        assertThat(xpath(d, "//*[@class='node lock']/*[@class='node-detail']")).containsOnly("file lock");
        assertThat(edges(d, "edge waits cycle")).hasSize(2);
        assertThat(edges(d, "edge holds cycle")).hasSize(2);
    }

    @Test
    void aPthreadCycleFromGdbOwnersIsDrawnAsACycle(@TempDir Path dir) throws Exception {
        Files.copy(Fixtures.path("userspace/gdb_bt-mutex-abba.txt"), dir.resolve("gdb-bt.txt"));
        Files.copy(Fixtures.path("userspace/gdb_mutex-owners.txt"), dir.resolve("gdb-mutex.txt"));
        AnalysisResult r = ReportFixtures.analyze(dir.toString());
        assertThat(r.findings().get(0).finding().getRule())
                .isEqualTo("userspace-mutex-deadlock: wait-for cycle over mutexes");
        Document d = svgOf(r);

        assertThat(xpath(d, "//*[starts-with(@class,'node task')]/*[@class='node-label']"))
                .containsExactlyInAnyOrder("teller-1/602", "teller-2/603");
        assertThat(edges(d, "edge waits cycle")).hasSize(2);
        assertThat(edges(d, "edge holds cycle")).hasSize(2);
    }

    @Test
    void gdbWaitsWithoutOwnersAreDrawnButNotRed() throws Exception {
        Document d = svg("userspace/gdb_bt-mutex-abba.txt");

        assertThat(labels(d, "node task culprit")).containsExactly("teller-2/603");
        assertThat(labels(d, "node lock")).containsExactlyInAnyOrder("acct_a", "acct_b");
        assertThat(edges(d, "edge waits"))
                .containsExactlyInAnyOrder("task:teller-2/603 -> lock:acct_a", "task:teller-1/602 -> lock:acct_b");
        assertThat(edges(d, "edge waits cycle")).isEmpty();
        assertThat(strokes(d, "edge waits")).containsOnly("#555");
    }

    @Test
    void aWindowsCriticalSectionCycleOutlinesTheFirstOwnFramesThread() throws Exception {
        Document d = svg("windows/windbg_locks-cs-cycle.txt");

        assertThat(labels(d, "node task culprit")).containsExactly("f10.1a2c");
        assertThat(labels(d, "node task")).containsExactly("f10.1b40");
        assertThat(labels(d, "node lock")).containsExactlyInAnyOrder("App!g_cacheLock", "App!g_listLock");
        assertThat(edges(d, "edge waits cycle"))
                .containsExactly("thread:f10.1a2c -> lock:App!g_cacheLock", "thread:f10.1b40 -> lock:App!g_listLock");
        assertThat(edges(d, "edge holds cycle"))
                .containsExactly("lock:App!g_cacheLock -> thread:f10.1b40", "lock:App!g_listLock -> thread:f10.1a2c");
    }

    @Test
    void aClrMonitorCycleIsDrawn() throws Exception {
        Document d = svg("windows/windbg_syncblk-monitor-cycle.txt");

        assertThat(xpath(d, "//*[starts-with(@class,'node task')]/*[@class='node-label']"))
                .containsExactlyInAnyOrder("3f0c.1e30", "3f0c.2214");
        assertThat(edges(d, "edge waits cycle")).hasSize(2);
        assertThat(edges(d, "edge holds cycle")).hasSize(2);
    }

    @Test
    void anEresourceWaitShowsItsOwnerAsTheHead() throws Exception {
        Document d = svg("windows/windbg_kdlocks-eresource.txt");

        assertThat(labels(d, "node lock")).containsExactly("ERESOURCE ffffa30b4c21e8f0");
        assertThat(xpath(d, "//*[contains(@class,' head')]/*[@class='node-label']"))
                .containsExactly("ffffa30b51a2c080");
        assertThat(edges(d, "edge holds cycle"))
                .containsExactly("lock:ERESOURCE ffffa30b4c21e8f0 -> thread:ffffa30b51a2c080");
        assertThat(edges(d, "edge waits cycle")).hasSize(1);
    }

    @Test
    void aLoaderLockWaitShowsTheWaiterOnTheLoaderLock() throws Exception {
        Document d = svg("windows/windbg_k-loader-lock-wait-no-owner.txt");

        assertThat(labels(d, "node lock")).containsExactly("ntdll!LdrpLoaderLock");
        assertThat(edges(d, "edge waits cycle"))
                .containsExactly("thread:windbg_k-loader-lock-wait-no-owner.txt#thread1 -> lock:ntdll!LdrpLoaderLock");
        assertThat(edges(d, "edge holds cycle")).isEmpty();
    }

    @Test
    void driverVerifierLockOrdersBecomeTheDeadlockTheyAllow() throws Exception {
        Document d = svg("windows/windbg_deadlock-plain.txt");

        assertThat(labels(d, "node lock")).containsExactlyInAnyOrder("FltDemo!g_StreamLock", "FltDemo!g_ContextLock");
        assertThat(edges(d, "edge holds cycle"))
                .containsExactlyInAnyOrder(
                        "lock:FltDemo!g_StreamLock -> thread:8c1d2030#0",
                        "lock:FltDemo!g_ContextLock -> thread:8c1e4a40#1");
        assertThat(edges(d, "edge waits cycle"))
                .containsExactlyInAnyOrder(
                        "thread:8c1d2030#0 -> lock:FltDemo!g_ContextLock",
                        "thread:8c1e4a40#1 -> lock:FltDemo!g_StreamLock");
    }

    @Test
    void hostileTaskNamesStayTextAndTheSvgStaysWellFormed() throws Exception {
        Document d = svg("linux/kinds/dmesg_hung-task-blocker-chain-hostile-names.log");

        assertThat(labels(d, "node task")).containsExactly("b</svg>&'/502");
        assertThat(labels(d, "node task culprit head")).containsExactly("a\"><z&#39;/501");
        assertThat(d.getElementsByTagName("z").getLength()).isZero();
    }

    @Test
    void evidenceLinesWrapInsteadOfBeingCut() throws Exception {
        String html = ReportFixtures.render(
                new HtmlRenderer(), ReportFixtures.analyze("linux/kinds/dmesg_hung-task-blocker-chain.log"), null);

        assertThat(html).contains("pre.evidence{white-space:pre-wrap;overflow-wrap:anywhere}");
        assertThat(html).contains("<span class=\"l\"><span class=\"n\">1</span>INFO: task demo-b:502 blocked");
    }
}
