package io.lockdoc.parse.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-read time of day gives what the pattern gives, or steps aside. */
class ProcmonTimeOfDayTest {

    @Test
    void procmonShapesReadByHandEqualThePattern() {
        assertThat(ProcmonAggregator.seconds("7:21:49.0877812 AM")).isEqualTo(7 * 3600 + 21 * 60 + 49 + 0.0877812);
        assertThat(ProcmonAggregator.seconds("12:00:01.5 AM")).isEqualTo(1.5);
        assertThat(ProcmonAggregator.seconds("12:00:01 pm")).isEqualTo(12 * 3600 + 1);
        assertThat(ProcmonAggregator.seconds("16:53:03,6001516")).isEqualTo(16 * 3600 + 53 * 60 + 3 + 0.6001516);
        assertThat(ProcmonAggregator.secondsByHand("16:53:03,6001516")).isNotEqualTo(ProcmonAggregator.NOT_PLAIN);
    }

    @Test
    void everyShapeGivesTheSameAsThePatternAlone() {
        List<String> cases = new ArrayList<>(List.of(
                "",
                " 7:21:49 AM",
                "7:21:49.",
                "7:21:49. AM",
                "7:21:49.1234567890 AM",
                "7:21:49.123456789 PM",
                "07:21:49\tAM",
                "123:21:49",
                "7:2:49",
                "7:21:4",
                "7:21:49 XM",
                "7:21:49 AMX",
                "7:21:49 A",
                "99:99:99,9",
                "7:21:49.5AM",
                "\u0667:21:49"));
        Random r = new Random(42);
        String alphabet = "0123456789:., APMapm\t";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int len = r.nextInt(18);
            for (int k = 0; k < len; k++) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            cases.add(sb.toString());
            cases.add(r.nextInt(24) + ":" + (10 + r.nextInt(50)) + ":" + (10 + r.nextInt(50)) + sb);
        }
        int byHand = 0;
        for (String c : cases) {
            double hand = ProcmonAggregator.secondsByHand(c);
            if (hand != ProcmonAggregator.NOT_PLAIN) {
                byHand++;
                assertThat(hand).as(c).isEqualTo(ProcmonAggregator.secondsByPattern(c));
            }
            assertThat(ProcmonAggregator.seconds(c)).as(c).isEqualTo(ProcmonAggregator.secondsByPattern(c));
        }
        assertThat(byHand).isGreaterThan(1000);
    }
}
