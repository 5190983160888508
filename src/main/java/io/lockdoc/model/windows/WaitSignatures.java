package io.lockdoc.model.windows;

import io.lockdoc.model.Frame;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Wait signatures of Windows stacks: which frames mean "blocked on a critical section", "on an
 * ERESOURCE", "idle in a worker pool" ... and which modules are the system's own.
 */
public final class WaitSignatures {
    private static final Pattern CS = Pattern.compile(
            "(?i)!_?Rtlp(?:WaitOnCriticalSection|WaitForCriticalSection|EnterCriticalSectionContended)\\b");
    private static final Pattern ERESOURCE = Pattern.compile(
            "(?i)!(?:ExpWaitForResource|ExAcquireResource(?:Exclusive|Shared)Lite|ExAcquireShared(?:StarveExclusive|WaitForExclusive)|ExpAcquireResource\\w*)\\b");
    private static final Pattern PUSH_LOCK = Pattern.compile(
            "(?i)!(?:ExfAcquirePushLock\\w*|ExBlockOnAddressPushLock|ExpWaitForPushLock\\w*|ExTimedWaitForUnblockPushLock|ExWaitForUnblockPushLock|FsRtlAcquirePushLock\\w*)\\b");
    private static final Pattern FAST_MUTEX = Pattern.compile(
            "(?i)!(?:ExAcquireFastMutex\\w*|KeAcquireGuardedMutex\\w*|KiAcquireFastMutex|KiAcquireGuardedMutex|ExpAcquireFastMutexContended)\\b");
    private static final Pattern KMUTEX = Pattern.compile("(?i)!KeWaitForMutexObject\\b");
    private static final Pattern SRW = Pattern.compile("(?i)!Rtl(?:p?AcquireSRWLock\\w*|pWaitCouldDeadlock)\\b");
    private static final Pattern MONITOR = Pattern.compile(
            "(?i)!(?:AwareLock::\\w+|JIT_MonEnter\\w*|JIT_MonReliableEnter\\w*|ObjectNative::WaitTimeout)\\b");
    private static final Pattern LOADER = Pattern.compile(
            "(?i)!(?:LdrpDrainWorkQueue|LdrpWaitForLoaderLock|LdrpAcquireLoaderLock|LdrLockLoaderLock)\\b");
    private static final Pattern OBJECT_WAIT = Pattern.compile(
            "(?i)!(?:Nt|Zw)(?:WaitForSingleObject|WaitForMultipleObjects\\w*|WaitForKeyedEvent|WaitForAlertByThreadId|SignalAndWaitForSingleObject)\\b|!WaitFor(?:Single|Multiple)Object\\w*");
    private static final Pattern IDLE = Pattern.compile(
            "(?i)!(?:Nt|Zw)(?:WaitForWorkViaWorkerFactory|RemoveIoCompletion\\w*|DelayExecution|ReplyWaitReceivePort\\w*|AlpcSendWaitReceivePort|UserGetMessage|GdiGetMessage)\\b"
                    + "|!(?:KeRemoveQueue\\w*|KeRemovePriQueue|KiRemoveQueue|ExpWorkerThread|MmZeroPageThread|PopIrpWorkerControl|KeDelayExecutionThread|GetMessage\\w*|WaitMessage)\\b|\\bWorkerFactory\\b");
    private static final Pattern TERMINATE =
            Pattern.compile("(?i)!(?:Nt|Zw)TerminateProcess\\b|!RtlExitUserProcess\\b");
    private static final Pattern DLL_INIT = Pattern.compile(
            "(?i)!(?:\\w*DllMain\\w*|dllmain_dispatch|_?DllMainCRTStartup\\w*|LdrpCallInitRoutine|LdrpRunInitializeRoutines|LdrpInitializeNode|LdrpCallTlsInitializers)\\b");
    private static final Pattern SHUTDOWN =
            Pattern.compile("(?i)!(?:LdrShutdownProcess|LdrShutdownThread|RtlExitUserProcess)\\b");
    private static final Pattern TOP_WAIT = Pattern.compile(
            "(?i)!_?(?:Nt|Zw)Wait\\w*|!_?(?:Nt|Zw)SignalAndWait\\w*|!_?(?:Nt|Zw)DelayExecution|!_?DbgBreakPoint|!Ki(?:SwapContext|SwapThread|CommitThreadWait)|!KeWaitFor\\w+|!_?(?:Nt|Zw)RemoveIoCompletion\\w*");
    private static final Pattern SYSTEM_MODULE = Pattern.compile(
            "(?i)^(?:ntdll|kernel32|kernelbase|nt|ntoskrnl|ntkrnlmp|ntkrpamp|hal|ucrtbase\\w*|msvcrt\\w*|vcruntime\\w*|msvcp\\w*|user32|win32u|win32k\\w*|gdi32\\w*|combase|rpcrt4|sechost|advapi32|ole32|wow64\\w*|csrsrv|fltmgr|wdf01000|wdfldr|clr|coreclr|mscorwks|mscorlib_ni|ndis|tcpip|ntfs|verifier|ks)$");
    private static final Pattern MANAGED_METHOD = Pattern.compile("[A-Za-z_][\\w`]*(?:\\.[\\w`<>$]+){2,}");
    private static final Pattern FRAMEWORK_NAMESPACE = Pattern.compile("(?:System|Microsoft|Internal)\\.");

    private WaitSignatures() {}

    /** What a stack (top first) and an optional kernel wait reason say the thread is blocked on. */
    public static WaitKind classify(List<Frame> frames, String waitReason, String state) {
        if (frames.isEmpty()) {
            return fromReason(waitReason, state);
        }
        String top = frames.get(0).function();
        if (TERMINATE.matcher(top).find()) {
            return WaitKind.TERMINATING;
        }
        boolean waiting = TOP_WAIT.matcher(top).find() || isWaitingState(waitReason, state);
        if (!waiting) {
            WaitKind k = fromReason(waitReason, state);
            return k == WaitKind.NONE ? WaitKind.NONE : k;
        }
        for (Frame f : frames) {
            String fn = f.function();
            if (CS.matcher(fn).find()) {
                return WaitKind.CRITICAL_SECTION;
            }
            if (ERESOURCE.matcher(fn).find()) {
                return WaitKind.ERESOURCE;
            }
            if (PUSH_LOCK.matcher(fn).find()) {
                return WaitKind.PUSH_LOCK;
            }
            if (FAST_MUTEX.matcher(fn).find()) {
                return WaitKind.FAST_MUTEX;
            }
            if (KMUTEX.matcher(fn).find()) {
                return WaitKind.KMUTEX;
            }
            if (SRW.matcher(fn).find()) {
                return WaitKind.SRW_LOCK;
            }
            if (MONITOR.matcher(fn).find()) {
                return WaitKind.MONITOR;
            }
            if (LOADER.matcher(fn).find()) {
                return WaitKind.LOADER;
            }
            if (IDLE.matcher(fn).find()) {
                return WaitKind.IDLE;
            }
        }
        WaitKind byReason = fromReason(waitReason, state);
        if (byReason != WaitKind.NONE) {
            return byReason;
        }
        for (Frame f : frames) {
            if (OBJECT_WAIT.matcher(f.function()).find()) {
                return WaitKind.OBJECT;
            }
        }
        return WaitKind.NONE;
    }

    private static boolean isWaitingState(String waitReason, String state) {
        return waitReason != null
                || (state != null && state.toLowerCase(Locale.ROOT).startsWith("wait"));
    }

    static WaitKind fromReason(String waitReason, String state) {
        if (waitReason == null) {
            return WaitKind.NONE;
        }
        return switch (waitReason.toLowerCase(Locale.ROOT)) {
            case "wrresource" -> WaitKind.ERESOURCE;
            case "criticalsection" -> WaitKind.CRITICAL_SECTION; // RTL: "waits for critical section"
            case "monitor" -> WaitKind.MONITOR; // SOSEX !dlk: "is waiting for the lock on SyncBlock"
            case "wrpushlock" -> WaitKind.PUSH_LOCK;
            case "wrfastmutex", "wrguardedmutex" -> WaitKind.FAST_MUTEX;
            case "wrmutex" -> WaitKind.KMUTEX;
            case "wrqueue",
                    "wrlpcreceive",
                    "wrdelayexecution",
                    "wrfree",
                    "wrvirtualmemory",
                    "wrpagein",
                    "wrusertequest",
                    "wruserrequest",
                    "wralertbythreadid",
                    "wrworkerfactory" -> WaitKind.IDLE;
            default -> WaitKind.NONE;
        };
    }

    public static boolean isSystemModule(String module) {
        return module == null || SYSTEM_MODULE.matcher(module).matches();
    }

    /** First frame whose module is not a system module (and that names a symbol, not a bare address). */
    public static Frame firstOwnFrame(List<Frame> frames) {
        for (Frame f : frames) {
            if ((f.module() != null
                            && !isSystemModule(f.module())
                            && f.function().contains("!"))
                    || isOwnManagedFrame(f)) {
                return f;
            }
        }
        return null;
    }

    /** A .NET method as SOS/SOSEX print it ({@code log4net.Appender.AppenderSkeleton.DoAppend}), not the framework's. */
    static boolean isOwnManagedFrame(Frame f) {
        return f.module() == null
                && isManagedMethod(f.function())
                && !FRAMEWORK_NAMESPACE.matcher(f.function()).lookingAt();
    }

    /** {@code Namespace.Type.Method}: a managed method, which names no module (an image is {@code x.sys}). */
    public static boolean isManagedMethod(String function) {
        return MANAGED_METHOD.matcher(function).matches() && !function.matches("(?i).*\\.(?:sys|dll|exe)$");
    }

    public static Frame dllInitFrame(List<Frame> frames) {
        Frame loader = null;
        for (Frame f : frames) {
            if (DLL_INIT.matcher(f.function()).find()) {
                if (!isSystemModule(f.module())) {
                    return f;
                }
                if (loader == null) {
                    loader = f;
                }
            }
        }
        return loader;
    }

    public static boolean inProcessShutdown(List<Frame> frames) {
        return frames.stream().anyMatch(f -> SHUTDOWN.matcher(f.function()).find());
    }
}
