package io.lockdoc.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Versioned signatures: {@code v1:<cause>:<12 hex of sha-256(key)>}. Bump the version when the key recipe changes. */
public final class Signatures {
    public static final String VERSION = "v1";

    private Signatures() {}

    public static String of(Cause cause, String key) {
        return hashed(cause.id(), key);
    }

    /** {@code v1:lock-sites:<12 hex>} of the sorted functions that take the contested locks, for any cause. */
    public static String ofLockSites(String sites) {
        return hashed("lock-sites", sites);
    }

    private static String hashed(String family, String key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((family + "\n" + key).getBytes(StandardCharsets.UTF_8));
            return VERSION + ":" + family + ":" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
