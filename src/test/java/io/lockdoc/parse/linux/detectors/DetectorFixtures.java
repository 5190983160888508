package io.lockdoc.parse.linux.detectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.detect.ArtifactType;
import io.lockdoc.detect.FormatDetector;
import io.lockdoc.model.userspace.LockReport;
import io.lockdoc.parse.Parser;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads a fixture of fixtures/detectors after checking that its content alone is detected as its format. */
final class DetectorFixtures {
    private DetectorFixtures() {}

    static Fixtures.Parsed parse(Parser parser, ArtifactType type, String fixture) {
        String text = Fixtures.text("detectors/" + fixture);
        assertThat(new FormatDetector()
                        .detect("report.txt", text.getBytes(StandardCharsets.UTF_8))
                        .type())
                .isEqualTo(type);
        return Fixtures.parse(parser, fixture, text);
    }

    static LockReport only(Fixtures.Parsed p) {
        List<LockReport> rs = p.of(LockReport.class);
        assertThat(rs).hasSize(1);
        assertThat(p.problems()).isEmpty();
        return rs.get(0);
    }
}
