package io.lockdoc.shell;

import java.io.PrintWriter;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;

/** The session's console on a JLine terminal: answers and pastes read with the same line reader. */
final class JLineConsole implements Session.Console {
    private final LineReader reader;
    private final Terminal terminal;
    private final boolean colour;
    private final boolean dumb;
    private final boolean piped = System.console() == null;

    JLineConsole(LineReader reader, Terminal terminal) {
        this.reader = reader;
        this.terminal = terminal;
        this.dumb = terminal.getType() == null || terminal.getType().startsWith("dumb");
        this.colour = io.lockdoc.report.TextRenderer.colourWanted(System.getenv(), !dumb);
    }

    @Override
    public String readLine(String prompt) {
        // pasted output is not a command: no history, and an odd quote must not swallow the next lines
        Object history = reader.getVariable(LineReader.DISABLE_HISTORY);
        DefaultParser parser = reader.getParser() instanceof DefaultParser p ? p : null;
        boolean eofOnQuote = parser != null && parser.isEofOnUnclosedQuote();
        reader.setVariable(LineReader.DISABLE_HISTORY, true);
        if (parser != null) {
            parser.setEofOnUnclosedQuote(false);
        }
        try {
            return echo(reader.readLine(prompt));
        } catch (UserInterruptException | EndOfFileException e) {
            return null;
        } finally {
            reader.setVariable(LineReader.DISABLE_HISTORY, history == null ? false : history);
            if (parser != null) {
                parser.setEofOnUnclosedQuote(eofOnQuote);
            }
        }
    }

    /** Input from a pipe is not echoed by any terminal: write it after the prompt so the transcript reads as typed. */
    String echo(String line) {
        if (piped && line != null) {
            terminal.writer().println(line);
            terminal.writer().flush();
        }
        return line;
    }

    @Override
    public PrintWriter out() {
        return terminal.writer();
    }

    @Override
    public boolean colour() {
        return colour;
    }

    @Override
    public void progress(String text) {
        if (dumb) {
            return; // a pipe or a dumb terminal gets no redrawn status line
        }
        PrintWriter w = terminal.writer();
        w.print("\r\u001B[K" + (text == null ? "" : text));
        w.flush();
    }
}
