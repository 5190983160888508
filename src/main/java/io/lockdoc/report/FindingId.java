package io.lockdoc.report;

import io.lockdoc.model.Finding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A finding's stable id for log pipelines: the same finding in the same artifact at the same line has the same id
 * in every run, on every host; the signature, by contrast, groups the same deadlock across artifacts.
 */
final class FindingId {
    private FindingId() {}

    static String of(Finding f) {
        String key = f.getSignature() + "\n" + f.getArtifact() + "\n" + f.getFirstLine();
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "ld-" + HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
