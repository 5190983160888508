package io.lockdoc.parse.linux.proc;

import io.lockdoc.detect.ArtifactType;
import io.lockdoc.parse.Parser;
import java.util.Map;
import java.util.function.Supplier;

/** Registers the Linux process, /proc and user-space tool parsers. */
public final class UserspaceParsers {
    private UserspaceParsers() {}

    public static void register(Map<ArtifactType, Supplier<Parser>> parsers) {
        parsers.put(ArtifactType.PS, PsParser::new);
        parsers.put(ArtifactType.TOP, PsParser::new);
        parsers.put(ArtifactType.PROC_LOCKS, ProcLocksParser::new);
        parsers.put(ArtifactType.LSLOCKS, LslocksParser::new);
        parsers.put(ArtifactType.PROC_TASK, ProcFileParser::new);
        parsers.put(ArtifactType.PROC_FDINFO, ProcFileParser::new);
        parsers.put(ArtifactType.GDB, GdbParser::new);
        parsers.put(ArtifactType.STRACE, StraceParser::new);
        parsers.put(ArtifactType.JSTACK, JstackParser::new);
        parsers.put(ArtifactType.THREAD_DUMP_JSON, ThreadDumpJsonParser::new);
        parsers.put(ArtifactType.THREAD_DUMP_TEXT, ThreadDumpTextParser::new);
        parsers.put(ArtifactType.PERF_LOCK, PerfLockParser::new);
        parsers.put(ArtifactType.PERF_LOCK_CONTENTION, PerfLockContentionParser::new);
        parsers.put(ArtifactType.LOCK_STAT, LockStatParser::new);
        parsers.put(ArtifactType.PROC_LOCKDEP, ProcLockdepParser::new);
        parsers.put(ArtifactType.SYSTEM_VALUES, SystemValuesParser::new);
        parsers.put(ArtifactType.CAPTURE_INFO, CaptureInfoParser::new);
        parsers.put(ArtifactType.PROC_FD_LINKS, FdLinksParser::new);
        parsers.put(ArtifactType.COLLECT_LOG, CollectLogParser::new);
        parsers.put(ArtifactType.MOUNTINFO, MountinfoParser::new);
    }
}
