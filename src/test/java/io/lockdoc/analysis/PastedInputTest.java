package io.lockdoc.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.engine.Engine;
import io.lockdoc.ingest.Inputs;
import io.lockdoc.model.Finding;
import io.lockdoc.model.Participant;
import io.lockdoc.rulebase.RuleBase;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A paste goes through the normaliser before detection; its evidence points at the lines as pasted. */
class PastedInputTest {
    private static Analyzer analyzer;

    @BeforeAll
    static void setUp() {
        analyzer = new Analyzer(new Engine(RuleBase.packaged()), null);
    }

    private static AnalysisResult analyze(String name, String fixture) {
        byte[] text = Fixtures.text("paste/" + fixture).getBytes(StandardCharsets.UTF_8);
        return analyzer.analyze(List.of(Inputs.bytes(name, text)));
    }

    @Test
    void theJvmsDeadlockListingAloneInAGluedFenceIsAJavaMonitorDeadlock() {
        AnalysisResult r = analyze("ticket-description", "paste_fence-glued-jstack.txt");

        assertThat(r.inputs().get(0).type()).isEqualTo("jstack");
        assertThat(r.inputs().get(0).detectedBy()).isEqualTo("content, after undoing fences");
        Finding f = r.findings().get(0).finding();
        assertThat(f.getCause().id()).isEqualTo("java-monitor-deadlock");
        assertThat(f.getParticipants())
                .filteredOn(p -> p.kind() == Participant.Kind.TASK)
                .extracting(Participant::name)
                .containsExactlyInAnyOrder("worker-A", "worker-B");
        assertThat(f.getParticipants())
                .filteredOn(p -> p.kind() == Participant.Kind.LOCK)
                .extracting(Participant::name)
                .containsExactlyInAnyOrder(
                        "monitor <0x000000071a2b3c40> (a com.example.bank.Account)",
                        "monitor <0x000000071a2b3d10> (a com.example.bank.Account)");
        assertThat(f.getCulprit().function()).isNull();
        // the fence was glued to line 3 of the paste: the listing's lines keep their numbers
        assertThat(f.getEvidence())
                .flatExtracting(e -> e.getQuoted())
                .extracting(q -> q.number())
                .contains(6, 7, 9, 10);
    }

    @Test
    void theSameListingIndentedAsACodeBlockWithAgentSyntaxIsReadToo() {
        AnalysisResult r = analyze("paste.txt", "jstack_deadlock-sa-agent-indented.txt");

        Finding f = r.findings().get(0).finding();
        assertThat(f.getCause().id()).isEqualTo("java-monitor-deadlock");
        assertThat(f.getSummary()).contains("flusher", "collector");
    }

    @Test
    void aHungTaskCopiedFromARenderedPageWithNoBreakSpacesIsReadWithItsCulprit() {
        AnalysisResult r = analyze("ticket-description", "paste_nbsp-hung-task.txt");

        assertThat(r.inputs().get(0).type()).isEqualTo("dmesg");
        assertThat(r.inputs().get(0).detectedBy()).isEqualTo("content, after undoing unicode spaces");
        Finding f = r.findings().get(0).finding();
        assertThat(f.getCause().id()).isEqualTo("hung-task");
        assertThat(f.getCulprit().function()).isEqualTo("n_tty_receive_buf_common");
        assertThat(f.getCulprit().process()).isEqualTo("kworker/u8:3/217");
    }

    @Test
    void journalctlContinuationLinesBelongToTheKernelLineAboveThem() {
        // the frame that names the culprit is on a continuation line, indented under the prefix
        AnalysisResult r = analyze("journal.txt", "journal_continuation-lines.log");

        Finding f = r.findings().get(0).finding();
        assertThat(f.getCause().id()).isEqualTo("hung-task");
        assertThat(f.getCulprit().function()).isEqualTo("jbd2_journal_commit_transaction");
        assertThat(f.getCulprit().module()).isEqualTo("jbd2");
        assertThat(f.getEvidence().get(0).getLastLine()).isEqualTo(14);
    }

    @Test
    void aCleanFileIsReadAsItIs() {
        AnalysisResult r = analyzer.analyze(List.of(Inputs.bytes(
                "dmesg.txt",
                Fixtures.text("linux/dmesg_lockdep-circular-seed-mymod.log").getBytes(StandardCharsets.UTF_8))));

        assertThat(r.inputs().get(0).detectedBy()).doesNotContain("after undoing");
        assertThat(r.findings().get(0).finding().getCause().id()).isEqualTo("lock-order-inversion");
    }

    @Test
    void aTicketWithSeveralArtifactsIsReadSectionBySectionAndEachFindingCitesThePastedLines() {
        AnalysisResult r = analyze("ticket-description", "paste_sections-dmesg-ps-gdb.txt");

        assertThat(r.inputs())
                .extracting(AnalysisResult.InputSummary::name, AnalysisResult.InputSummary::type)
                .containsExactly(
                        org.assertj.core.api.Assertions.tuple("ticket-description[1]", "dmesg"),
                        org.assertj.core.api.Assertions.tuple("ticket-description[2]", "ps"),
                        org.assertj.core.api.Assertions.tuple("ticket-description[3]", "gdb"));
        assertThat(r.inputs().get(1).detectedBy()).isEqualTo("content, section lines 23-26 of ticket-description");
        assertThat(r.problems()).isEmpty();
        assertThat(r.findings())
                .extracting(d -> d.finding().getCause().id())
                .containsExactly("hung-task", "userspace-mutex-deadlock");
        Finding hung = r.findings().get(0).finding();
        assertThat(hung.getEvidence().get(0).getArtifact()).isEqualTo("ticket-description[1]");
        assertThat(hung.getEvidence().get(0).getFirstLine()).isEqualTo(3);
        Finding gdb = r.findings().get(1).finding();
        assertThat(gdb.getSummary()).contains("journal_lock", "index_lock");
        assertThat(gdb.getEvidence().get(0).getFirstLine()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void aLockdepReportFoldedAt72ColumnsByAMailClientKeepsItsAcquisitionSites() {
        AnalysisResult r = analyze("mail.txt", "paste_mail-wrap-72-lockdep.txt");

        assertThat(r.inputs().get(0).detectedBy()).isEqualTo("content, after undoing hard wraps");
        Finding f = r.findings().get(0).finding();
        assertThat(f.getCause().id()).isEqualTo("lock-order-inversion");
        assertThat(f.getCulprit().function()).isEqualTo("another_function");
        assertThat(f.getSummary()).contains("takes lock1 while holding lock2");
    }

    @Test
    void aHungTaskCutAtATerminalsWidthKeepsItsHeldLockCycle() {
        AnalysisResult r = analyze("console.txt", "paste_terminal-wrap-80-hung-task.txt");

        Finding f = r.findings().get(0).finding();
        assertThat(f.getCause().id()).isEqualTo("hung-task");
        assertThat(f.getSummary())
                .contains("wait-for cycle: demo-x:701 -[&demo->lock_b]-> demo-y:702 -[&demo->lock_a]-> demo-x:701");
    }
}
