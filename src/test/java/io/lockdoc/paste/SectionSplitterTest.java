package io.lockdoc.paste;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.lockdoc.Fixtures;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A paste of several artifacts is cut at format boundaries; prose between them belongs to none. */
class SectionSplitterTest {
    private static List<SectionSplitter.Section> split(String text) {
        return SectionSplitter.split(PasteText.of(Arrays.asList(text.split("\n", -1))));
    }

    @Test
    void aTicketWithDmesgPsAndGdbHasThreeSectionsWithTheirOriginalLines() {
        List<SectionSplitter.Section> s = split(Fixtures.text("paste/paste_sections-dmesg-ps-gdb.txt"));

        assertThat(s)
                .extracting(SectionSplitter.Section::family, x -> x.firstLine(), x -> x.lastLine())
                .containsExactly(
                        tuple(SectionSplitter.Family.KERNEL, 3, 19),
                        tuple(SectionSplitter.Family.PS, 23, 26),
                        tuple(SectionSplitter.Family.GDB, 30, 43));
        assertThat(s.get(1).text().lines().get(0)).contains("PID     TID STAT WCHAN");
        assertThat(s.get(2).text().lines()).last().asString().startsWith("#5  0x000055d0c19f2c02 in order_reindex");
    }

    @Test
    void aTicketWithATsanAndAHelgrindReportHasOneSectionForEach() {
        // the fences are undone before the split; here they stay and are no section's content
        List<SectionSplitter.Section> s = split(Fixtures.text("paste/paste_sections-tsan-helgrind.txt"));

        assertThat(s)
                .extracting(SectionSplitter.Section::family, x -> x.firstLine(), x -> x.lastLine())
                .containsExactly(
                        tuple(SectionSplitter.Family.TSAN, 5, 31), tuple(SectionSplitter.Family.VALGRIND, 35, 50));
    }

    @Test
    void aSingleFormatIsOneSectionWithEveryLine() {
        String log = "[ 1.000000] one\nsome console noise\n[ 2.000000] two\n";

        List<SectionSplitter.Section> s = split(log);

        assertThat(s).hasSize(1);
        assertThat(s.get(0).family()).isEqualTo(SectionSplitter.Family.KERNEL);
        assertThat(s.get(0).text().lines()).hasSize(4);
    }

    @Test
    void oneStrayLineOfAnotherFormatDoesNotCutTheText() {
        // near miss: a kernel log that quotes one gdb-looking line is still one kernel log
        String log = "[ 1.000000] BUG: demo\n#0  0x00007f00 in poll () from libc\n[ 2.000000] Call Trace:\n";

        assertThat(split(log)).hasSize(1);
    }

    @Test
    void aFormatThatComesBackAfterAnotherStartsASectionOfItsOwn() {
        String text = String.join(
                "\n",
                "[ 1.000000] INFO: task a:1 blocked for more than 120 seconds.",
                "[ 1.000001] Call Trace:",
                "",
                "  PID   TID STAT WCHAN  COMMAND",
                "    1     1 D    rwsem_down_read_slowpath a",
                "",
                "[ 9.000000] INFO: task b:2 blocked for more than 120 seconds.",
                "[ 9.000001] Call Trace:");

        assertThat(split(text))
                .extracting(SectionSplitter.Section::family, x -> x.firstLine(), x -> x.lastLine())
                .containsExactly(
                        tuple(SectionSplitter.Family.KERNEL, 1, 2),
                        tuple(SectionSplitter.Family.PS, 4, 5),
                        tuple(SectionSplitter.Family.KERNEL, 7, 8));
    }

    @Test
    void aGoroutineDumpAfterAKernelExcerptIsASectionOfItsOwn() {
        String text = String.join(
                "\n",
                "[ 1.000000] INFO: task inventoryd:41 blocked for more than 120 seconds.",
                "[ 1.000001] Call Trace:",
                "",
                "and the service's own dump:",
                "",
                "goroutine 34 [sync.Mutex.Lock, 37 minutes]:",
                "sync.(*Mutex).Lock(0xc0000b6090)",
                "\t/usr/local/go/src/sync/mutex.go:46 +0x32",
                "main.reserve(0xc0000b6090)",
                "\t/src/inventory/main.go:57 +0x45");

        assertThat(split(text))
                .extracting(SectionSplitter.Section::family, x -> x.firstLine(), x -> x.lastLine())
                .containsExactly(tuple(SectionSplitter.Family.KERNEL, 1, 2), tuple(SectionSplitter.Family.GO, 6, 10));
    }

    @Test
    void aPythonThreadDumpAfterAPsTableIsASectionOfItsOwn() {
        String text = String.join(
                "\n",
                "  PID   TID STAT WCHAN  COMMAND",
                " 4100  4102 Sl   futex_do_wait python3",
                "",
                "Thread 0x00007fe58e5276c0 (most recent call first):",
                "  File \"/srv/bank/ledger.py\", line 21 in refund",
                "  File \"/usr/lib/python3.11/threading.py\", line 982 in run");

        assertThat(split(text))
                .extracting(SectionSplitter.Section::family, x -> x.firstLine(), x -> x.lastLine())
                .containsExactly(tuple(SectionSplitter.Family.PS, 1, 2), tuple(SectionSplitter.Family.PYTHON, 4, 6));
    }
}
