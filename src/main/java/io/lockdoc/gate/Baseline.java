package io.lockdoc.gate;

import io.lockdoc.model.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Known findings by signature ({@value #SCHEMA}): a CI gate fails only on a finding whose signature is
 * not listed. The signature is host-independent, so the same deadlock on another board or boot matches.
 */
public final class Baseline {
    public static final String SCHEMA = "lockdoc-baseline/1";
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** One known finding; {@code firstSeen} is kept when the baseline is written again. */
    public record Entry(String signature, String cause, String summary, String firstSeen) {}

    record File(String schema, List<Entry> findings) {}

    private final Map<String, Entry> bySignature;

    private Baseline(Map<String, Entry> bySignature) {
        this.bySignature = bySignature;
    }

    public static Baseline empty() {
        return new Baseline(new LinkedHashMap<>());
    }

    /** @throws BaselineException when the file is missing or is not a baseline */
    public static Baseline read(Path path) {
        File file;
        try {
            file = JSON.readValue(Files.readString(path), File.class);
        } catch (NoSuchFileException e) {
            throw new BaselineException(path + ": no such baseline (write one with --write-baseline " + path + ")");
        } catch (IOException | JacksonException e) {
            throw new BaselineException(path + ": not a lockdoc baseline: " + firstLine(e.getMessage()));
        }
        if (file == null || !SCHEMA.equals(file.schema()) || file.findings() == null) {
            throw new BaselineException(path + ": not a lockdoc baseline (expected \"schema\": \"" + SCHEMA + "\")");
        }
        Map<String, Entry> map = new LinkedHashMap<>();
        int n = 0;
        for (Entry e : file.findings()) {
            n++;
            if (e == null || e.signature() == null || e.signature().isBlank()) {
                throw new BaselineException(path + ": finding " + n + " has no signature");
            }
            map.putIfAbsent(e.signature(), e);
        }
        return new Baseline(map);
    }

    /** A baseline that may not exist yet: empty then. */
    public static Baseline readIfPresent(Path path) {
        return Files.exists(path) ? read(path) : empty();
    }

    public Optional<Entry> known(Finding f) {
        return Optional.ofNullable(bySignature.get(f.getSignature()));
    }

    public int size() {
        return bySignature.size();
    }

    public List<Entry> entries() {
        return List.copyOf(bySignature.values());
    }

    /** This baseline plus the findings it does not list yet, first seen {@code now}. */
    public Baseline with(List<Finding> findings, Instant now) {
        Map<String, Entry> map = new LinkedHashMap<>(bySignature);
        for (Finding f : findings) {
            map.putIfAbsent(
                    f.getSignature(), new Entry(f.getSignature(), f.getCause().id(), f.getSummary(), now.toString()));
        }
        return new Baseline(map);
    }

    /** Written beside the target and moved over it, so a cut-off run leaves the old baseline whole. */
    public void write(Path path) throws IOException {
        Path abs = path.toAbsolutePath();
        Path tmp = Files.createTempFile(abs.getParent(), ".lockdoc-baseline", ".tmp");
        try {
            Files.writeString(tmp, JSON.writeValueAsString(new File(SCHEMA, new ArrayList<>(bySignature.values()))));
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
