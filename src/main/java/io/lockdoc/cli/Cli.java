package io.lockdoc.cli;

import io.lockdoc.kb.KbLoadException;
import io.lockdoc.rulebase.RuleLoadException;
import java.io.PrintStream;
import java.sql.SQLException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one-shot commands. They start no Spring context, so a small analysis starts fast. */
@Command(
        name = "lockdoc",
        mixinStandardHelpOptions = true,
        version = "lockdoc 0.1.0",
        description = "Diagnoses deadlocks and lock-related hangs on Linux and Windows and says how to fix them.",
        subcommands = {
            AnalyzeCommand.class,
            EvalCommand.class,
            KbCommand.class,
            EnrichCommand.class,
            HistoryCommand.class,
            ResolveCommand.class,
            CollectCommand.class,
            ShellCommand.class,
            BenchCommand.class,
            McpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:no finding (eval: every threshold met)",
            "1:finding(s) reported (eval: a threshold missed)",
            "2:usage error (bad option, rule pack or knowledge base)",
            "3:unreadable input",
            "4:internal error",
            "5:analyze --fail-on/--baseline: a new finding of a gated cause"
        })
public final class Cli {
    private Cli() {}

    public static int run(String... args) {
        return run(Streams.system(), args);
    }

    static int run(Streams io, String... args) {
        CommandLine cl = new CommandLine(new Cli(), new Factory(io));
        cl.setOut(new java.io.PrintWriter(io.out(), true));
        cl.setErr(new java.io.PrintWriter(io.err(), true));
        cl.setExecutionExceptionHandler((ex, line, parse) -> handle(ex, io.err()));
        cl.setParameterExceptionHandler((ex, a) -> {
            io.err().println("lockdoc: " + Streams.t(ex.getMessage()));
            io.err()
                    .println("try: lockdoc "
                            + (ex.getCommandLine().getCommandName().equals("lockdoc")
                                    ? ""
                                    : ex.getCommandLine().getCommandName() + " ")
                            + "--help");
            return ExitCode.USAGE.code();
        });
        if (args.length == 0) {
            cl.usage(io.out());
            return ExitCode.USAGE.code();
        }
        return cl.execute(args);
    }

    /** One line on stderr, never a stack trace (unless LOCKDOC_DEBUG is set). */
    static int handle(Exception ex, PrintStream err) {
        if (System.getenv("LOCKDOC_DEBUG") != null) {
            ex.printStackTrace(err);
        }
        if (ex instanceof RuleLoadException || ex instanceof KbLoadException) {
            err.println("lockdoc: " + Streams.t(ex.getMessage()));
            return ExitCode.USAGE.code();
        }
        if (ex instanceof SQLException || ex.getCause() instanceof SQLException) {
            SQLException sql = ex instanceof SQLException s ? s : (SQLException) ex.getCause();
            err.println("lockdoc: database error: " + Streams.t(io.lockdoc.kb.KnowledgeBase.describe(sql))
                    + " (choose another with --db or LOCKDOC_DB)");
            return ExitCode.INTERNAL.code();
        }
        err.println("lockdoc: internal error: " + ex.getClass().getSimpleName() + ": "
                + Streams.t(firstLine(ex.getMessage())) + " (rerun with LOCKDOC_DEBUG=1 for details)");
        return ExitCode.INTERNAL.code();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Hands the streams to the commands. */
    private record Factory(Streams io) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == AnalyzeCommand.class) {
                return cls.cast(new AnalyzeCommand(io));
            }
            if (cls == EvalCommand.class) {
                return cls.cast(new EvalCommand(io));
            }
            if (cls == KbCommand.class) {
                return cls.cast(new KbCommand(io));
            }
            if (cls == EnrichCommand.class) {
                return cls.cast(new EnrichCommand(io));
            }
            if (cls == HistoryCommand.class) {
                return cls.cast(new HistoryCommand(io));
            }
            if (cls == BenchCommand.class) {
                return cls.cast(new BenchCommand(io));
            }
            if (cls == ResolveCommand.class) {
                return cls.cast(new ResolveCommand(io));
            }
            if (cls == CollectCommand.class) {
                return cls.cast(new CollectCommand(io));
            }
            if (cls == McpCommand.class) {
                return cls.cast(new McpCommand(io));
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
