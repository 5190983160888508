package io.lockdoc.shell;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** A console fed from a list of lines, recording everything said (prompts and echoed input too). */
final class ScriptConsole implements Session.Console {
    private final Deque<String> lines = new ArrayDeque<>();
    private final StringWriter text = new StringWriter();
    private final PrintWriter out = new PrintWriter(text, true);
    Runnable onProgress = () -> {};

    ScriptConsole(List<String> input) {
        lines.addAll(input);
    }

    void add(List<String> more) {
        lines.addAll(more);
    }

    @Override
    public String readLine(String prompt) {
        String l = lines.poll();
        out.println(prompt + (l == null ? "" : l));
        return l;
    }

    @Override
    public PrintWriter out() {
        return out;
    }

    @Override
    public void progress(String status) {
        if (status != null) {
            onProgress.run();
        }
    }

    /** Runs every queued line as a command (answers and pastes are read by the commands themselves). */
    void drive(Session s) {
        String l;
        while ((l = readLine("lockdoc> ")) != null) {
            if (!s.execute(l)) {
                break;
            }
        }
    }

    String transcript() {
        return text.toString();
    }
}
