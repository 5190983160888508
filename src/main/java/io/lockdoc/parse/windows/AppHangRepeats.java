package io.lockdoc.parse.windows;

import io.lockdoc.model.Fact;
import io.lockdoc.model.Problem;
import io.lockdoc.model.windows.WinAppHang;
import io.lockdoc.parse.FactSink;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Folds the hang events of one log that are the same hang (application, version, hang type, event
 * kind; each hang is a new process) into its first event with a count, so 200 000 repeats are one
 * fact, not 200 000. {@link #flush()} emits them once the log is read; other facts pass straight on.
 */
final class AppHangRepeats implements FactSink {
    private final FactSink sink;
    private final Map<String, WinAppHang> first = new LinkedHashMap<>();
    private final Map<String, int[]> count = new LinkedHashMap<>();

    AppHangRepeats(FactSink sink) {
        this.sink = sink;
    }

    @Override
    public void fact(Fact fact) {
        if (!(fact instanceof WinAppHang h)) {
            sink.fact(fact);
            return;
        }
        String key =
                h.getEventName() + "|" + Objects.toString(h.getAppName(), "").toLowerCase(Locale.ROOT) + "|"
                        + h.getAppVersion() + "|" + h.getHangType();
        first.putIfAbsent(key, h);
        count.computeIfAbsent(key, k -> new int[1])[0]++;
    }

    @Override
    public void problem(Problem problem) {
        sink.problem(problem);
    }

    void flush() {
        for (Map.Entry<String, WinAppHang> e : first.entrySet()) {
            int n = count.get(e.getKey())[0];
            sink.fact(n == 1 ? e.getValue() : e.getValue().times(n));
        }
        first.clear();
        count.clear();
    }
}
