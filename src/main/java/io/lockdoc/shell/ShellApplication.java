package io.lockdoc.shell;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.shell.core.autoconfigure.TerminalCustomizer;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.ParsedInput;
import org.springframework.shell.jline.CommandCompleter;
import org.springframework.shell.jline.JLineInputProvider;
import org.springframework.shell.jline.JLineShellRunner;
import org.springframework.shell.jline.PromptProvider;

/**
 * The Spring Shell front end: JLine line editing, history and completion around a {@link
 * Session}, which does all the work. Only the shell path starts this context.
 */
@SpringBootApplication(proxyBeanMethods = false) // Spring Shell looks for this annotation to scan for commands
public class ShellApplication {
    /** One-line descriptions for the command list and completion. */
    static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("help", "what every command does"),
            Map.entry("symptoms", "answer the first questions (no files needed)"),
            Map.entry("load", "read a file, a folder or an archive"),
            Map.entry("paste", "paste command output, ended by an empty line"),
            Map.entry("facts", "what is loaded and known"),
            Map.entry("questions", "what the rules still need"),
            Map.entry("answer", "answer a question: a choice, a file, or pasted output"),
            Map.entry("diagnose", "run the rules again and show how the ranking changed"),
            Map.entry("findings", "the current findings"),
            Map.entry("why", "the rule and facts behind finding N"),
            Map.entry("why-not", "what a cause's rules lack"),
            Map.entry("steps", "the fix for a finding, step by step"),
            Map.entry("step", "show the current step, or record done/failed/skip"),
            Map.entry("kb", "kb search WORDS, kb show ID"),
            Map.entry("report", "write the findings and the steps taken"),
            Map.entry("save", "keep the session in the database"),
            Map.entry("resume", "continue a saved session"),
            Map.entry("sessions", "list saved sessions"));

    /**
     * The hidden command every name that is not a registered command goes to, with that name as its
     * first argument: the session answers it (an alias, or lockdoc's own help), never Spring Shell
     * (not hidden: Spring Shell does not find hidden commands; lockdoc's completion never offers it).
     */
    static final String UNKNOWN = "lockdoc-unknown";

    /** The session, created once the terminal exists (commands are registered before that). */
    static final class Holder {
        volatile Session session;
        volatile int exitCode;
    }

    @Bean
    Holder holder() {
        return new Holder();
    }

    /** Everything after the command name is an argument: the session parses its own options. */
    @Bean
    CommandParser commandParser() {
        return input -> {
            List<String> words = new ArrayList<>(Session.words(input));
            String name = words.isEmpty() ? "" : words.get(0);
            if (!name.isEmpty() && !Session.COMMANDS.contains(name) && !name.equals("quit")) {
                words.add(0, UNKNOWN);
            }
            ParsedInput.Builder b = ParsedInput.builder().commandName(words.isEmpty() ? "" : words.get(0));
            for (int i = 1; i < words.size(); i++) {
                b.addArgument(new CommandArgument(i - 1, words.get(i)));
            }
            return b.build();
        };
    }

    /** A pipe or a script gets a dumb terminal without JLine's warning about it. */
    @Bean
    TerminalCustomizer terminalCustomizer() {
        return builder -> {
            if (System.console() == null) {
                builder.dumb(true);
            }
        };
    }

    @Bean
    PromptProvider promptProvider() {
        return () -> new AttributedString("lockdoc> ", AttributedStyle.DEFAULT.bold());
    }

    /** Completes command names, then whatever the session offers for the word under the cursor. */
    @Bean
    CommandCompleter commandCompleter(CommandRegistry registry, Holder holder) {
        return new CommandCompleter(registry) {
            @Override
            public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
                List<String> words = line.words();
                String word = line.word()
                        .substring(0, Math.min(line.wordCursor(), line.word().length()));
                if (line.wordIndex() == 0) {
                    for (String c : Session.COMMANDS) {
                        if (c.startsWith(word)) {
                            candidates.add(
                                    new Candidate(c, c, null, DESCRIPTIONS.getOrDefault(c, null), null, null, true));
                        }
                    }
                    return;
                }
                Session s = holder.session;
                if (s == null || words.isEmpty()) {
                    return;
                }
                List<String> before = words.subList(1, Math.max(1, line.wordIndex()));
                for (String c : s.complete(words.get(0), before, word)) {
                    candidates.add(new Candidate(c, c, null, null, null, null, !c.endsWith("/")));
                }
            }
        };
    }

    @Bean
    SmartInitializingSingleton lockdocCommands(CommandRegistry registry, Holder holder, Terminal terminal) {
        return () -> {
            for (String name : Session.COMMANDS) {
                if (name.equals("exit")) {
                    continue; // the runner ends the loop on exit/quit itself
                }
                Command c = Command.builder()
                        .name(name)
                        .description(DESCRIPTIONS.getOrDefault(name, name))
                        .group("lockdoc")
                        .execute(body(holder, terminal, false, name));
                registry.registerCommand(c);
            }
            registry.registerCommand(Command.builder()
                    .name(UNKNOWN)
                    .description("a command lockdoc does not know")
                    .group("lockdoc")
                    .execute(body(holder, terminal, true, UNKNOWN)));
        };
    }

    /** @param named the first argument is the command the user typed (the {@link #UNKNOWN} route) */
    private static Consumer<CommandContext> body(Holder holder, Terminal terminal, boolean named, String name) {
        return ctx -> {
            List<String> args = new ArrayList<>(ctx.parsedInput().subCommands());
            ctx.parsedInput().arguments().forEach(a -> args.add(a.value()));
            Session s = holder.session;
            // Ctrl-C while a command runs (a long load) cancels it, not the shell
            Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, sig -> s.cancel());
            try {
                if (named) {
                    s.run(args.isEmpty() ? "" : args.get(0), args.isEmpty() ? args : args.subList(1, args.size()));
                } else {
                    s.run(name, args);
                }
            } finally {
                terminal.handle(Terminal.Signal.INT, previous);
            }
        };
    }

    @Bean
    ApplicationRunner lockdocShell(
            LineReader lineReader,
            Terminal terminal,
            CommandParser parser,
            CommandRegistry registry,
            PromptProvider prompt,
            Holder holder,
            @Value("${lockdoc.db}") String db,
            @Value("${lockdoc.resume:}") String resume) {
        return args -> {
            JLineConsole console = new JLineConsole(lineReader, terminal);
            Session session;
            try {
                session = ShellMain.rules == null
                        ? Session.open(db, console)
                        : Session.open(db, console, ShellMain.rules.join());
            } catch (SQLException e) {
                System.err.println("lockdoc shell: database " + io.lockdoc.kb.Database.name(db) + ": "
                        + io.lockdoc.kb.KnowledgeBase.describe(e) + " (set --db or LOCKDOC_DB)");
                holder.exitCode = 4;
                return;
            }
            holder.session = session;
            try {
                console.out()
                        .println("lockdoc shell - nothing is loaded. Start with: symptoms (a few questions),"
                                + " load PATH, or paste. help lists every command; Tab completes.");
                console.out().flush();
                if (!resume.isEmpty()) {
                    session.run("resume", List.of(resume));
                }
                JLineInputProvider input = new JLineInputProvider(lineReader) {
                    @Override
                    public String readInput() {
                        try {
                            return console.echo(super.readInput());
                        } catch (UserInterruptException e) {
                            return ""; // Ctrl-C at the prompt clears the line, it does not end the session
                        } catch (EndOfFileException e) {
                            return "exit";
                        }
                    }
                };
                input.setPromptProvider(prompt);
                new JLineShellRunner(input, parser, registry).run(new String[0]);
            } finally {
                session.close();
            }
        };
    }

    @Bean
    ExitCodeGenerator lockdocExitCode(Holder holder) {
        return () -> holder.exitCode;
    }
}
