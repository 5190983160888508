package io.lockdoc.cli;

import io.lockdoc.kb.Article;
import io.lockdoc.kb.KnowledgeBase;
import io.lockdoc.kb.RemediationPlanner;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "kb",
        description = "List the knowledge-base articles, search them (kb search WORDS...), or show one (kb show ID).",
        mixinStandardHelpOptions = true)
final class KbCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ACTION", description = "list, search or show")
    String action;

    @Parameters(
            index = "1..*",
            arity = "0..*",
            paramLabel = "ARG",
            description = "the article id (show) or the words to search for (search)")
    java.util.List<String> args = new java.util.ArrayList<>();

    @Option(names = "--kb", description = "a folder of knowledge-base articles used instead of the packaged ones")
    Path kb;

    @Option(names = "--db", description = "JDBC URL of the database")
    String db;

    private final Streams io;

    KbCommand(Streams io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        try (KnowledgeBase base = CommandSetup.knowledgeBase(db, CommandSetup.articles(kb), io.err())) {
            switch (action) {
                case "list" -> {
                    for (String a : base.ids()) {
                        io.out().println(Streams.t(a));
                    }
                    return 0;
                }
                case "search" -> {
                    if (args.isEmpty()) {
                        io.err()
                                .println(
                                        "lockdoc: kb search needs words to look for, e.g. lockdoc kb search hung task");
                        return ExitCode.USAGE.code();
                    }
                    var hits = base.search(String.join(" ", args));
                    if (hits.isEmpty()) {
                        io.err().println("lockdoc: no article matches '" + Streams.t(String.join(" ", args)) + "'");
                        return ExitCode.NO_FINDING.code();
                    }
                    for (var h : hits) {
                        io.out()
                                .printf(
                                        java.util.Locale.ROOT,
                                        "%-28s %5.2f  %s%n",
                                        Streams.t(h.id()),
                                        h.score(),
                                        Streams.t(RemediationPlanner.generic(h.title())));
                    }
                    return 0;
                }
                case "show" -> {
                    String id = args.isEmpty() ? null : args.get(0);
                    if (id == null) {
                        io.err().println("lockdoc: kb show needs an article id (see: lockdoc kb list)");
                        return ExitCode.USAGE.code();
                    }
                    Optional<Article> a = base.article(id);
                    if (a.isEmpty()) {
                        io.err().println("lockdoc: no article '" + Streams.t(id) + "' (see: lockdoc kb list)");
                        return ExitCode.USAGE.code();
                    }
                    show(a.get());
                    return 0;
                }
                default -> {
                    io.err()
                            .println(
                                    "lockdoc: unknown kb action '" + Streams.t(action) + "'; use list, search or show");
                    return ExitCode.USAGE.code();
                }
            }
        }
    }

    private void show(Article raw) {
        Article a = generic(raw);
        var out = io.out();
        out.println(Streams.t(a.title()) + "  [" + Streams.t(a.id()) + ", " + Streams.t(a.platform())
                + (a.cause() == null ? "" : ", cause " + Streams.t(a.cause())) + "]");
        out.println();
        out.println("Symptom:  " + Streams.lines(a.symptom().strip()));
        out.println("Reason:   " + Streams.lines(a.reason().strip()));
        out.println("Solution: " + Streams.lines(a.solution().strip()));
        int n = 0;
        for (Article.Step s : a.steps()) {
            out.println();
            out.println(++n + ". " + Streams.t(s.title()));
            print("run", s.command());
            print("expect", s.expected());
            print("verify", s.verification());
            print("rollback", s.rollback());
            print("careful", s.safety());
        }
        out.println();
        for (Article.Reference r : a.references()) {
            out.println("see: " + Streams.t(r.title()) + " (" + Streams.t(r.ref()) + ")");
        }
    }

    private static Article generic(Article a) {
        java.util.function.UnaryOperator<String> g = RemediationPlanner::generic;
        return new Article(
                a.id(),
                a.cause(),
                a.platform(),
                g.apply(a.title()),
                g.apply(a.symptom()),
                g.apply(a.reason()),
                g.apply(a.solution()),
                a.steps().stream()
                        .map(s -> new Article.Step(
                                g.apply(s.title()),
                                g.apply(s.command()),
                                g.apply(s.expected()),
                                g.apply(s.verification()),
                                g.apply(s.rollback()),
                                g.apply(s.safety()),
                                s.when()))
                        .toList(),
                a.references(),
                a.collect());
    }

    private void print(String label, String v) {
        if (v != null && !v.isBlank()) {
            io.out().println("   " + label + ": " + Streams.lines(v.strip()).replace("\n", "\n      "));
        }
    }
}
