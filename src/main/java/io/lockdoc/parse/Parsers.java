package io.lockdoc.parse;

import io.lockdoc.detect.ArtifactType;
import io.lockdoc.parse.linux.KernelLogParser;
import io.lockdoc.parse.windows.EventLogTextParser;
import io.lockdoc.parse.windows.EventLogXmlParser;
import io.lockdoc.parse.windows.ProcmonCsvParser;
import io.lockdoc.parse.windows.ProcmonXmlParser;
import io.lockdoc.parse.windows.WinDbgParser;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Which parser reads which artifact type. */
public final class Parsers {
    private static final Map<ArtifactType, Supplier<Parser>> PARSERS = new EnumMap<>(ArtifactType.class);

    static {
        PARSERS.put(ArtifactType.KERNEL_LOG, KernelLogParser::new);
        PARSERS.put(ArtifactType.WINDBG, WinDbgParser::new);
        PARSERS.put(ArtifactType.PROCMON_CSV, ProcmonCsvParser::new);
        PARSERS.put(ArtifactType.PROCMON_XML, ProcmonXmlParser::new);
        PARSERS.put(ArtifactType.EVENTLOG_XML, EventLogXmlParser::new);
        PARSERS.put(ArtifactType.EVENTLOG_TEXT, EventLogTextParser::new);
        io.lockdoc.parse.linux.proc.UserspaceParsers.register(PARSERS);
        io.lockdoc.parse.linux.detectors.DetectorParsers.register(PARSERS);
        io.lockdoc.parse.linux.golang.GoParsers.register(PARSERS);
    }

    private Parsers() {}

    public static Optional<Parser> forType(ArtifactType type) {
        return Optional.ofNullable(PARSERS.get(type)).map(Supplier::get);
    }
}
