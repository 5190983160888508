package io.lockdoc.parse.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.model.Problem;
import io.lockdoc.model.windows.FileConflictLoop;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A CSV line cut by the 64 KiB line limit inside quotes must not leave a quote open over the rest of the file. */
class ProcmonCutLineTest {
    private static final String CSV =
            new String(WindowsFixtures.bytes("procmon-csv_default-sharing-violation.csv"), StandardCharsets.UTF_8);

    private static String describe(Problem p) {
        return p.describe();
    }

    @Test
    void aHeaderCutInsideAQuotedNameIsAProblemOnItsLineAndTheRowsAreRead() {
        String csv = CSV.replaceFirst("\"Detail\"", "\"Detail\",\"" + "x".repeat(70_000) + "\"");

        Fixtures.Parsed p = Fixtures.parse(new ProcmonCsvParser(), "Logfile.CSV", csv);

        FileConflictLoop l = p.of(FileConflictLoop.class).get(0);
        assertThat(l.getFailures()).isEqualTo(4);
        assertThat(l.getHolders()).containsExactly("setup.exe/3120");
        assertThat(l.getEvidence().getFirstLine()).isEqualTo(3);
        assertThat(p.problems())
                .extracting(ProcmonCutLineTest::describe)
                .containsExactly(
                        "Logfile.CSV:1: CSV header longer than 65536 characters, cut: its columns after the cut are"
                                + " lost; the rows after it are read [LD-E006]",
                        "Logfile.CSV: 1 line(s) longer than 65536 characters were cut; the rest of each was ignored"
                                + " [LD-E006]");
    }

    @Test
    void aRowCutInsideAQuotedFieldEndsThereAndTheRowsAfterItAreRead() {
        String[] lines = CSV.split("\n", -1);
        lines[3] = lines[3].replace("Desired Access: Generic Write", "Desired Access: " + "y".repeat(70_000));
        String csv = String.join("\n", lines);

        Fixtures.Parsed p = Fixtures.parse(new ProcmonCsvParser(), "Logfile.CSV", csv);

        FileConflictLoop l = p.of(FileConflictLoop.class).get(0);
        assertThat(l.getFailures()).isEqualTo(4);
        assertThat(l.getEvidence().getLastLine()).isEqualTo(6);
        assertThat(p.problems())
                .extracting(ProcmonCutLineTest::describe)
                .containsExactly(
                        "Logfile.CSV:4: row longer than 65536 characters, cut inside a quoted field: the field ends"
                                + " at the cut; the rows after it are read [LD-E006]",
                        "Logfile.CSV: 1 line(s) longer than 65536 characters were cut; the rest of each was ignored"
                                + " [LD-E006]");
    }
}
