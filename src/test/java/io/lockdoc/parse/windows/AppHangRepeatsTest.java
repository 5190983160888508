package io.lockdoc.parse.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.model.windows.WinAppHang;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import org.junit.jupiter.api.Test;

class AppHangRepeatsTest {
    private static final String EVENT = Fixtures.text("windows/eventlog-text_apphang.txt");

    /** {@code n} copies of the fixture's event, each hang in a new process, generated as they are read. */
    private static InputStream events(int n) {
        return new SequenceInputStream(new Enumeration<InputStream>() {
            int i;

            @Override
            public boolean hasMoreElements() {
                return i < n;
            }

            @Override
            public InputStream nextElement() {
                String e = EVENT.replace("Process ID: 1f40", "Process ID: " + Integer.toHexString(0x1000 + i++));
                return new ByteArrayInputStream((e + "\n").getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    @Test
    void twoHundredThousandHangsOfOneApplicationAreOneFactWithTheirCount() {
        Fixtures.Parsed p = Fixtures.parse(new EventLogTextParser(), "Application.txt", events(200_000));

        assertThat(p.facts()).singleElement().isInstanceOfSatisfying(WinAppHang.class, h -> {
            assertThat(h.getCount()).isEqualTo(200_000);
            assertThat(h.getProcessId()).isEqualTo("1000"); // the first event is the evidence
            assertThat(h.getEvidence().getFirstLine()).isEqualTo(1);
        });
    }

    @Test
    void differentApplicationsStayApartInTheOrderFirstSeen() {
        String other = EVENT.replace("Ledger.exe", "Payroll.exe");
        Fixtures.Parsed p =
                Fixtures.parse(new EventLogTextParser(), "Application.txt", EVENT + "\n" + other + "\n" + EVENT);

        assertThat(p.of(WinAppHang.class))
                .extracting(WinAppHang::getAppName, WinAppHang::getCount)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Ledger.exe", 2),
                        org.assertj.core.groups.Tuple.tuple("Payroll.exe", 1));
    }
}
