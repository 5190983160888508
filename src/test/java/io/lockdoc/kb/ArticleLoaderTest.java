package io.lockdoc.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArticleLoaderTest {
    private static final String WHOLE =
            """
            id: demo
            cause: lock-order-inversion
            platform: linux
            title: Demo
            symptom: s
            reason: r
            solution: so
            steps:
              - title: look
                command: dmesg
                verification: you saw it
            references:
              - title: doc
                ref: Documentation/locking/lockdep-design.rst
            """;

    @Test
    void readsAWholeArticle() {
        Article a = ArticleLoader.parse("kb/demo.yaml", WHOLE);

        assertThat(a.id()).isEqualTo("demo");
        assertThat(a.steps()).singleElement().satisfies(s -> {
            assertThat(s.command()).isEqualTo("dmesg");
            assertThat(s.verification()).isEqualTo("you saw it");
        });
        assertThat(a.references())
                .extracting(Article.Reference::ref)
                .containsExactly("Documentation/locking/lockdep-design.rst");
    }

    @Test
    void aStepWithoutVerificationIsRejectedWithTheFileAndField() {
        String noVerify = WHOLE.replace("    verification: you saw it\n", "");

        assertThatThrownBy(() -> ArticleLoader.parse("kb/demo.yaml", noVerify))
                .isInstanceOf(KbLoadException.class)
                .hasMessage("kb/demo.yaml: article 'demo' lacks steps[1].verification");
    }

    @Test
    void brokenYamlNamesTheFileAndLine() {
        assertThatThrownBy(() -> ArticleLoader.parse("kb/bad.yaml", "id: x\ntitle: [unclosed\n"))
                .isInstanceOf(KbLoadException.class)
                .hasMessageStartingWith("kb/bad.yaml:");
    }

    @Test
    void anUnknownFieldIsATypoNotSilence() {
        assertThatThrownBy(() -> ArticleLoader.parse("kb/demo.yaml", WHOLE + "sympton: typo\n"))
                .isInstanceOf(KbLoadException.class)
                .hasMessageContaining("sympton");
    }
}
