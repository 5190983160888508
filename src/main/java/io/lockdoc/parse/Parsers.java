package io.lockdoc.parse;

import io.lockdoc.detect.ArtifactType;
import io.lockdoc.parse.linux.KernelLogParser;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Which parser reads which artifact type. */
public final class Parsers {
    private static final Map<ArtifactType, Supplier<Parser>> PARSERS = new EnumMap<>(ArtifactType.class);

    static {
        PARSERS.put(ArtifactType.KERNEL_LOG, KernelLogParser::new);
        io.lockdoc.parse.linux.proc.UserspaceParsers.register(PARSERS);
    }

    private Parsers() {}

    public static Optional<Parser> forType(ArtifactType type) {
        return Optional.ofNullable(PARSERS.get(type)).map(Supplier::get);
    }
}
