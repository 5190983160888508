package io.lockdoc.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.escape.Html;
import io.lockdoc.model.WaitGraph;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class HtmlRendererTest {
    private static String html;

    @BeforeAll
    static void render() throws Exception {
        AnalysisResult r = ReportFixtures.analyze("linux/dmesg_lockdep-circular-seed-mymod.log");
        html = ReportFixtures.render(new HtmlRenderer(), r, null);
    }

    private static Document svg(String page) throws Exception {
        Matcher m = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL).matcher(page);
        assertThat(m.find()).as("an inline SVG").isTrue();
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new InputSource(new StringReader(m.group())));
    }

    private static List<String> xpath(Document d, String expr) throws Exception {
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(expr, d, XPathConstants.NODESET);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent().strip());
        }
        return out;
    }

    @Test
    void isOneSelfContainedPage() {
        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .contains("<style>")
                .doesNotContain("<script", "src=\"http", "href=\"http");
    }

    @Test
    void theSeedGraphShowsTwoTasksAndTwoLocksInAHighlightedCycleWithTheCulpritMarked() throws Exception {
        Document d = svg(html);

        assertThat(xpath(d, "//*[@class='node lock']/*[@class='node-label']"))
                .containsExactlyInAnyOrder("lock1", "lock2");
        assertThat(xpath(d, "//*[starts-with(@class,'node task')]/*[@class='node-label']"))
                .containsExactlyInAnyOrder("insmod/2817", "earlier path");
        assertThat(xpath(d, "//*[@class='node task culprit']/*[@class='node-detail']"))
                .containsExactly("in another_function");
        assertThat(xpath(d, "//*[contains(@class,'edge') and contains(@class,'cycle')]/*[@class='edge-label']"))
                .containsExactlyInAnyOrder("held by", "waits for", "held by", "waits for");
    }

    @Test
    void everyStepIsACheckboxAndTheEvidenceKeepsLineNumbers() {
        assertThat(Pattern.compile("<input type=\"checkbox\"")
                        .matcher(html)
                        .results()
                        .count())
                .isEqualTo(7);
        assertThat(html)
                .contains(
                        "<span class=\"n\">7</span>ffffffffc0a02100 (lock1){+.+.}-{3:3}, at: another_function+0x2c/0x60 [mymod]");
        assertThat(html).contains("Apply one global order: lock1 before lock2, in both paths");
    }

    @Test
    void largeGraphsAreSummarised() throws Exception {
        List<WaitGraph.Node> nodes = new ArrayList<>();
        List<WaitGraph.Edge> edges = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            nodes.add(new WaitGraph.Node("t" + i, WaitGraph.NodeKind.TASK, "task" + i, null, false));
            nodes.add(new WaitGraph.Node("l" + i, WaitGraph.NodeKind.LOCK, "lock" + i, null, false));
            edges.add(new WaitGraph.Edge("l" + i, "t" + i, WaitGraph.EdgeKind.HELD_BY, i < 2));
            edges.add(new WaitGraph.Edge(
                    "t" + i, "l" + ((i + 1) % 2 == 0 && i < 2 ? 0 : i + 1), WaitGraph.EdgeKind.WAITS_FOR, i < 2));
        }
        Document d = svg(SvgGraph.render(new WaitGraph(nodes, edges)));

        assertThat(xpath(d, "//*[starts-with(@class,'node')]")).hasSizeLessThanOrEqualTo(SvgGraph.MAX_NODES);
        assertThat(xpath(d, "//*[@class='summary']")).singleElement().asString().contains("not drawn");
        assertThat(xpath(d, "//*[starts-with(@class,'node')]/*[@class='node-label']"))
                .contains("task0", "task1", "lock0", "lock1");
    }

    @Test
    void textIsEscaped() {
        assertThat(Html.escape("<script>&\"'")).isEqualTo("&lt;script&gt;&amp;&quot;&#39;");
    }
}
