package io.lockdoc.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TextRendererTest {

    @Test
    void colourOnlyOnATerminalWithoutNoColorOrDumbTerm() {
        assertThat(TextRenderer.colourWanted(Map.of("TERM", "xterm-256color"), true))
                .isTrue();
        assertThat(TextRenderer.colourWanted(Map.of("TERM", "xterm-256color"), false))
                .isFalse();
        assertThat(TextRenderer.colourWanted(Map.of("TERM", "xterm", "NO_COLOR", "1"), true))
                .isFalse();
        assertThat(TextRenderer.colourWanted(Map.of("TERM", "dumb"), true)).isFalse();
    }

    @Test
    void colouredAndPlainOutputSayTheSame() throws Exception {
        var result = ReportFixtures.analyze("linux/dmesg_lockdep-circular-seed-mymod.log");

        String plain = ReportFixtures.render(new TextRenderer(false), result, null);
        String coloured = ReportFixtures.render(new TextRenderer(true), result, null);

        assertThat(plain).doesNotContain("\u001B[");
        assertThat(coloured).contains("\u001B[1;31mlock-order-inversion\u001B[0m");
        assertThat(coloured.replaceAll("\u001B\\[[0-9;]*m", "").lines().toList())
                .containsExactlyElementsOf(plain.lines().toList());
    }
}
