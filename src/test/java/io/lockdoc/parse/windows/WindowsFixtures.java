package io.lockdoc.parse.windows;

import io.lockdoc.Fixtures;
import io.lockdoc.detect.Detection;
import io.lockdoc.detect.FormatDetector;
import io.lockdoc.parse.Parsers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** Detects and parses a Windows fixture the way the analysis does. */
public final class WindowsFixtures {
    private WindowsFixtures() {}

    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(Fixtures.path("windows/" + name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Detection detect(String name, byte[] bytes) {
        return new FormatDetector().detect(name, bytes);
    }

    public static Fixtures.Parsed parse(String name) {
        return parse(name, bytes(name));
    }

    public static Fixtures.Parsed parse(String name, byte[] bytes) {
        Detection d = detect(name, bytes);
        if (!d.recognised()) {
            throw new AssertionError(name + " not recognised: " + d.skipReason());
        }
        return Fixtures.parse(Parsers.forType(d.type()).orElseThrow(), name, new ByteArrayInputStream(bytes));
    }
}
