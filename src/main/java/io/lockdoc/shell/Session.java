package io.lockdoc.shell;

import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.analysis.Analyzer;
import io.lockdoc.engine.Engine;
import io.lockdoc.escape.Markdown;
import io.lockdoc.escape.Terminal;
import io.lockdoc.explain.Explainer;
import io.lockdoc.explain.Explanations;
import io.lockdoc.ingest.InputException;
import io.lockdoc.ingest.Inputs;
import io.lockdoc.kb.Article;
import io.lockdoc.kb.ArticleLoader;
import io.lockdoc.kb.KnowledgeBase;
import io.lockdoc.kb.Plan;
import io.lockdoc.kb.RemediationPlanner;
import io.lockdoc.model.Cause;
import io.lockdoc.model.Evidence;
import io.lockdoc.model.Fact;
import io.lockdoc.model.Finding;
import io.lockdoc.model.session.Answer;
import io.lockdoc.model.session.FollowUp;
import io.lockdoc.model.session.Question;
import io.lockdoc.model.session.StepOutcome;
import io.lockdoc.report.ExplanationText;
import io.lockdoc.report.Renderer;
import io.lockdoc.rulebase.RuleBase;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The guided troubleshooting conversation, free of Spring and of any terminal library: one
 * command line in, text out through a {@link Console}. Spring Shell commands delegate here, and
 * tests drive whole sessions through {@link #execute(String)}.
 */
public final class Session implements AutoCloseable {
    /** Where the session reads answers and pasted output and writes what it says. */
    public interface Console {
        /** The next line typed (or piped), or null at the end of the input. */
        String readLine(String prompt);

        PrintWriter out();

        /** Whether ANSI colour may be used. */
        default boolean colour() {
            return false;
        }

        /** A transient status line (a terminal overwrites it in place); null clears it. */
        default void progress(String text) {}
    }

    /** A question the shell asks before anything is loaded: its key, text and the choices. */
    record Seed(String key, String text, List<String> choices) {}

    static final List<Seed> SEEDS = List.of(
            new Seed("responsive", "Is the system still responsive (shell, SSH, the application)?", yn()),
            new Seed("d-state", "Are tasks stuck in D state in `ps -A` (STAT column starts with D)?", yn()),
            new Seed("kworker-cpu", "Is a kworker thread using a lot of CPU in `top`?", yn()),
            new Seed(
                    "dmesg-mentions", "Does `dmesg` mention locks, hung tasks, lockups, stalls or \"deadlock\"?", yn()),
            new Seed("platform", "Is this Linux or Windows?", List.of("linux", "windows")),
            new Seed("own-module", "Is a kernel module or driver of your own involved?", yn()));

    private static List<String> yn() {
        return List.of("yes", "no", "unknown");
    }

    static final String SESSION_ARTIFACT = "session";
    private static final int MAX_PASTE_LINES = 200_000;
    private static final int MAX_PASTE_CHARS = 32 * 1024 * 1024;

    private final RuleBase rules;
    private final KnowledgeBase kb;
    private final SessionStore store;
    private final Console con;
    private final PrintWriter out;
    private final Analyzer analyzer;
    private final Explainer explainer;
    private final AtomicBoolean cancel = new AtomicBoolean();

    private SessionState state = new SessionState();
    private final List<Analyzer.Parsed> parsed = new ArrayList<>();
    private AnalysisResult result;

    Session(RuleBase rules, KnowledgeBase kb, SessionStore store, Console con) {
        this.rules = rules;
        this.kb = kb;
        this.store = store;
        this.con = con;
        // the second line of defence: values are escaped where they are printed (t), and whatever
        // control character still reaches the stream is shown, but line ends and lockdoc's colours
        this.out = Terminal.writer(con.out());
        this.analyzer = new Analyzer(new Engine(rules), kb);
        this.explainer = new Explainer(rules);
    }

    /** A session on the packaged rules and knowledge base, with sessions kept in {@code jdbcUrl}. */
    public static Session open(String jdbcUrl, Console con) throws SQLException {
        return open(jdbcUrl, con, RuleBase.packaged());
    }

    /** As {@link #open(String, Console)} with rules loaded elsewhere (the shell loads them while Spring starts). */
    public static Session open(String jdbcUrl, Console con, RuleBase rules) throws SQLException {
        KnowledgeBase kb = KnowledgeBase.open(jdbcUrl, ArticleLoader.packaged());
        try {
            return new Session(rules, kb, new SessionStore(jdbcUrl), con);
        } catch (SQLException e) {
            kb.close();
            throw e;
        }
    }

    // ------------------------------------------------------------------ dispatch

    /** Names of the commands, for help and completion. */
    public static final List<String> COMMANDS = List.of(
            "help",
            "symptoms",
            "load",
            "paste",
            "facts",
            "questions",
            "answer",
            "diagnose",
            "findings",
            "why",
            "why-not",
            "steps",
            "step",
            "kb",
            "report",
            "save",
            "resume",
            "sessions",
            "exit");

    /** Runs one command line; false when the user asked to leave. Never throws for bad input. */
    public boolean execute(String line) {
        List<String> words = words(line);
        if (words.isEmpty()) {
            return true;
        }
        return run(words.get(0), words.subList(1, words.size()));
    }

    /** Runs one command with its arguments (already split); false when the user asked to leave. */
    public boolean run(String command, List<String> args) {
        try {
            switch (command.toLowerCase(Locale.ROOT)) {
                case "help", "?" -> help();
                case "symptoms", "start" -> symptoms();
                case "load" -> load(String.join(" ", args));
                case "paste" -> paste(args.isEmpty() ? null : args.get(0));
                case "facts" -> facts();
                case "questions" -> questions(true);
                case "answer" -> answer(args);
                case "diagnose" -> diagnose(true);
                case "findings" -> findings(null);
                case "why" -> why(args);
                case "why-not" -> whyNot(args);
                case "steps" -> steps(args);
                case "step" -> step(args);
                case "kb" -> kb(args);
                case "report" -> report(args);
                case "save" -> save();
                case "resume" -> resume(args);
                case "sessions" -> sessions();
                case "exit", "quit" -> {
                    return false;
                }
                default -> {
                    say("unknown command '" + t(command) + "'; lockdoc's commands are:");
                    help();
                }
            }
        } catch (SQLException e) {
            say("database error: " + t(io.lockdoc.kb.KnowledgeBase.describe(e)));
        } catch (IOException | RuntimeException e) {
            say("that did not work: " + e.getClass().getSimpleName() + ": " + t(firstLine(e.getMessage())));
        }
        out.flush();
        return true;
    }

    /** Asks a running load to stop (Ctrl-C); the shell itself carries on. */
    public void cancel() {
        cancel.set(true);
    }

    // ------------------------------------------------------------------ commands

    private void help() {
        ShellHelp.print(out);
    }

    private void symptoms() {
        int asked = 0;
        Set<String> known = answered();
        for (Seed s : SEEDS) {
            if (known.contains(s.key())) {
                continue;
            }
            asked++;
            String value = choose(s.text(), s.choices());
            if (value == null) {
                say("stopped; the rest can be answered later with: answer KEY VALUE");
                break;
            }
            if (!value.isEmpty()) {
                recordAnswer(s.key(), value);
            }
        }
        if (asked == 0) {
            say("every first question is answered already (facts lists the answers)");
        }
        diagnose(true);
    }

    /** Asks until one of the choices (by number or by name) is given; "" to skip, null to stop. */
    private String choose(String text, List<String> choices) {
        out.println(paint("1", t(text)));
        StringBuilder sb = new StringBuilder("  ");
        for (int i = 0; i < choices.size(); i++) {
            sb.append('[').append(i + 1).append("] ").append(t(choices.get(i))).append("  ");
        }
        sb.append("(Enter skips, q stops)");
        out.println(sb);
        for (int attempt = 0; attempt < 3; attempt++) {
            out.flush();
            String line = con.readLine("? ");
            if (line == null) {
                return null;
            }
            line = line.trim();
            if (line.isEmpty()) {
                return "";
            }
            if (line.equalsIgnoreCase("q") || line.equalsIgnoreCase("quit")) {
                return null;
            }
            String c = match(line, choices);
            if (c != null) {
                return c;
            }
            say("'" + t(line) + "' is not one of the choices; type a number from 1 to " + choices.size()
                    + " or the word");
        }
        return "";
    }

    private static String match(String typed, List<String> choices) {
        String t = typed.trim().toLowerCase(Locale.ROOT);
        try {
            int n = Integer.parseInt(t);
            return n >= 1 && n <= choices.size() ? choices.get(n - 1) : null;
        } catch (NumberFormatException e) {
            // a word
        }
        if (t.equals("y")) {
            t = "yes";
        } else if (t.equals("n")) {
            t = "no";
        } else if (t.equals("?") || t.equals("dont know") || t.equals("don't know")) {
            t = "unknown";
        }
        for (String c : choices) {
            if (c.equals(t) || (t.length() >= 2 && c.startsWith(t))) {
                return c;
            }
        }
        return null;
    }

    private void load(String path) {
        if (path.isBlank()) {
            say("load what? give a file, a folder or an archive: load PATH");
            return;
        }
        path = path.strip();
        if (path.equals("-")) {
            say("the shell reads its commands from stdin; use paste to give it text");
            return;
        }
        addPath(path, null);
    }

    /**
     * Reads a file, folder or archive into the session and diagnoses again; {@code question} is the key
     * it answers, or null. A path loaded before is not read twice (its facts would count twice).
     */
    private void addPath(String path, String question) {
        String abs = Path.of(path).toAbsolutePath().normalize().toString();
        if (state.inputs.stream().anyMatch(i -> abs.equals(i.path()))) {
            say(t(path) + " is loaded already");
            if (question != null) {
                recordAnswer(question, "file " + path);
                diagnose(true);
            }
            return;
        }
        Optional<Analyzer.Parsed> p = readPath(path);
        if (p.isEmpty() || !usable(p.get(), path)) {
            return;
        }
        state.inputs.add(new SessionState.Input(SessionState.Input.PATH, path, abs, null, question));
        parsed.add(p.get());
        summarise(p.get());
        if (question != null) {
            recordAnswer(question, "file " + path);
        }
        diagnose(true);
    }

    /** Reads a path with a progress line; empty when it cannot be read or the load was cancelled. */
    private Optional<Analyzer.Parsed> readPath(String path) {
        cancel.set(false);
        List<Inputs.Entry> entries;
        try {
            entries = Inputs.resolve(path, InputStream.nullInputStream());
        } catch (InputException e) {
            say(t(e.getMessage()));
            return Optional.empty();
        }
        long total = 0;
        for (Inputs.Entry e : entries) {
            if (e.artifact() != null && e.artifact().size() > 0) {
                total += e.artifact().size();
            }
        }
        LoadProgress progress = new LoadProgress(t(path), total, cancel, con);
        Set<String> loaded = new java.util.HashSet<>();
        parsed.forEach(p -> p.inputs().forEach(i -> loaded.add(i.name())));
        String root = LoadNames.root(path, entries, loaded);
        List<Inputs.Entry> watched = new ArrayList<>();
        for (Inputs.Entry e : entries) {
            watched.add(
                    e.artifact() == null
                            ? new Inputs.Entry(null, root + e.name(), e.skipReason(), e.problem())
                            : new Inputs.Entry(
                                    new WatchedArtifact(e.artifact(), progress, root + e.name()),
                                    root + e.name(),
                                    e.skipReason(),
                                    e.problem()));
        }
        Analyzer.Parsed p;
        try {
            p = analyzer.parse(watched);
        } finally {
            con.progress(null);
        }
        if (cancel.getAndSet(false)) {
            say("load cancelled: nothing from " + t(path) + " was kept");
            return Optional.empty();
        }
        return Optional.of(p);
    }

    /** False (with a one-line reason) when nothing in the input was recognised. */
    private boolean usable(Analyzer.Parsed p, String what) {
        if (!p.facts().isEmpty()) {
            return true;
        }
        String reason = p.inputs().stream()
                .map(i -> i.skipReason() != null
                        ? i.skipReason()
                        : "read as " + i.type() + ", but it holds no report or record lockdoc uses")
                .findFirst()
                .orElse("empty");
        say(t(what) + ": nothing lockdoc can use (" + t(reason) + "); nothing was kept");
        return false;
    }

    private void summarise(Analyzer.Parsed p) {
        for (AnalysisResult.InputSummary in : p.inputs()) {
            if (in.skipReason() == null) {
                out.println("  read " + t(in.name()) + " as " + t(in.type()) + ": " + in.facts() + " fact(s)");
            }
        }
        long skipped = p.inputs().stream().filter(i -> i.skipReason() != null).count();
        if (skipped > 0) {
            out.println("  skipped " + skipped + " entr" + (skipped == 1 ? "y" : "ies") + " (facts lists why)");
        }
        for (var pr : p.problems().stream().limit(5).toList()) {
            out.println(
                    "  problem: " + t(pr.artifact()) + (pr.line() > 0 ? ":" + pr.line() : "") + ": " + t(pr.message()));
        }
    }

    private void paste(String name) {
        List<String> lines = readPaste("Paste the output; end it with an empty line (or end of input):", null);
        if (lines.isEmpty()) {
            say("nothing pasted");
            return;
        }
        addPaste(lines, name == null ? "paste.txt" : name, null);
    }

    /** Reads lines until an empty line or the end of input; {@code first} is a line read already. */
    private List<String> readPaste(String prompt, String first) {
        List<String> lines = new ArrayList<>();
        int chars = 0;
        if (first != null) {
            lines.add(first);
            chars += first.length();
        } else {
            out.println(prompt);
            out.flush();
        }
        while (lines.size() < MAX_PASTE_LINES && chars < MAX_PASTE_CHARS) {
            String line = con.readLine("");
            if (line == null) {
                break;
            }
            // a terminal may deliver a bracketed paste as one line with newlines in it
            boolean end = false;
            for (String l : line.split("\r?\n", -1)) {
                if (l.isBlank()) {
                    end = true;
                    break;
                }
                lines.add(l);
                chars += l.length();
            }
            if (end) {
                break;
            }
        }
        return lines;
    }

    /** Parses pasted text as any input; false (with one line why) when nothing was recognised. */
    private boolean addPaste(List<String> lines, String name, String question) {
        String unique = name;
        Set<String> names = new HashSet<>();
        state.inputs.forEach(i -> names.add(i.name()));
        for (int k = 2; names.contains(unique); k++) {
            unique = "paste-" + k + "/" + name;
        }
        String text = String.join("\n", lines) + "\n";
        Analyzer.Parsed p = analyzer.parse(List.of(Inputs.bytes(unique, text.getBytes(StandardCharsets.UTF_8))));
        if (!usable(p, "the pasted text (" + lines.size() + " line" + (lines.size() == 1 ? "" : "s") + ")")) {
            return false;
        }
        state.inputs.add(new SessionState.Input(SessionState.Input.PASTE, unique, null, text, question));
        parsed.add(p);
        summarise(p);
        if (question != null) {
            recordAnswer(question, "pasted " + unique);
        }
        diagnose(true);
        return true;
    }

    private void facts() {
        ensureDiagnosed();
        if (state.inputs.isEmpty() && state.answers.isEmpty()) {
            say("nothing known yet: symptoms, load PATH or paste");
            return;
        }
        out.println(paint("1", "Inputs:"));
        if (state.inputs.isEmpty()) {
            out.println("  none");
        }
        for (Analyzer.Parsed p : parsed) {
            for (AnalysisResult.InputSummary in : p.inputs()) {
                out.println("  " + t(in.name()) + ": "
                        + (in.skipReason() != null
                                ? "skipped (" + t(in.skipReason()) + ")"
                                : t(in.type()) + ", " + in.facts() + " fact(s)"));
            }
        }
        Map<String, Integer> byType = new TreeMap<>();
        for (Fact f : result.facts()) {
            byType.merge(f.getClass().getSimpleName(), 1, Integer::sum);
        }
        out.println(paint("1", "Facts (" + result.facts().size() + "):"));
        byType.forEach((t, n) -> out.println("  " + t + ": " + n));
        out.println(paint("1", "Answers:"));
        if (state.answers.isEmpty()) {
            out.println("  none");
        }
        for (SessionState.AnswerRec a : state.answers) {
            out.println("  " + t(a.question()) + " = " + t(a.value()));
        }
    }

    private List<Question> openQuestions() {
        ensureDiagnosed();
        Set<String> done = answered();
        List<Question> qs = new ArrayList<>();
        for (Fact f : result.facts()) {
            if (f instanceof Question q && !done.contains(q.getKey())) {
                qs.add(q);
            }
        }
        qs.sort(java.util.Comparator.comparing(Question::getKey));
        return qs;
    }

    private void questions(boolean verbose) {
        List<Question> qs = openQuestions();
        if (qs.isEmpty()) {
            if (verbose) {
                say(
                        state.inputs.isEmpty() && state.answers.isEmpty()
                                ? "no questions yet: start with symptoms, or load PATH"
                                : "no open questions");
            }
            return;
        }
        out.println(
                paint("1", "Open questions") + " (answer N, then paste the output, give a file or type the answer):");
        int n = 0;
        for (Question q : qs) {
            out.println("  Q" + (++n) + " [" + t(q.getKey()) + "] " + t(q.getText()));
            if (q.getCommand() != null) {
                out.println("       run: " + t(q.getCommand()));
            }
            if (!q.getChoices().isEmpty()) {
                out.println("       choices: " + t(String.join(", ", q.getChoices())));
            }
            if (verbose) {
                out.println("       why: " + t(q.getWhy()) + " (rule \"" + t(q.getRule()) + "\")");
            }
        }
    }

    private void answer(List<String> args) {
        List<Question> open = openQuestions();
        List<String> rest = new ArrayList<>(args);
        Question q = null;
        Seed seed = null;
        if (!rest.isEmpty()) {
            String first = rest.get(0);
            String key = first.toUpperCase(Locale.ROOT).startsWith("Q") ? first.substring(1) : first;
            try {
                int n = Integer.parseInt(key);
                if (n < 1 || n > open.size()) {
                    say("there is no question " + t(first) + " (questions lists " + open.size() + ")");
                    return;
                }
                q = open.get(n - 1);
                rest.remove(0);
            } catch (NumberFormatException e) {
                for (Question o : open) {
                    if (o.getKey().equals(first)) {
                        q = o;
                    }
                }
                for (Seed s : SEEDS) {
                    if (s.key().equals(first)) {
                        seed = s;
                    }
                }
                if (q != null || seed != null) {
                    rest.remove(0);
                }
            }
        }
        if (q == null && seed == null) {
            if (open.isEmpty()) {
                say("no open question; answer KEY VALUE sets a first answer (" + seedKeys() + ")");
                return;
            }
            q = open.get(0);
        }
        String value = String.join(" ", rest).strip();
        if (seed != null) {
            String c = value.isEmpty() ? choose(seed.text(), seed.choices()) : match(value, seed.choices());
            if (c == null || c.isEmpty()) {
                if (c == null && !value.isEmpty()) {
                    say("'" + t(value) + "' is not one of: " + String.join(", ", seed.choices()));
                }
                return;
            }
            recordAnswer(seed.key(), c);
            diagnose(true);
            return;
        }
        if (!q.getChoices().isEmpty()) {
            String c = value.isEmpty() ? choose(q.getText(), q.getChoices()) : match(value, q.getChoices());
            if (c == null || c.isEmpty()) {
                if (c == null && !value.isEmpty()) {
                    say("'" + t(value) + "' is not one of: " + t(String.join(", ", q.getChoices())));
                }
                return;
            }
            recordAnswer(q.getKey(), c);
            diagnose(true);
            return;
        }
        String first = null;
        if (value.isEmpty()) {
            out.println(paint("1", t(q.getText())));
            if (q.getCommand() != null) {
                out.println("  run: " + t(q.getCommand()));
            }
            out.println("  Paste the output and end with an empty line, give a file path, or type a short answer.");
            out.flush();
            first = con.readLine("> ");
            if (first == null || first.isBlank()) {
                say("not answered; the question stays open");
                return;
            }
            value = first.strip();
        }
        if (pathOrNull(value) != null) {
            addPath(value, q.getKey());
            return;
        }
        if (first != null) {
            List<String> lines = readPaste(null, first);
            if (lines.size() == 1 && !looksLikeOutput(first)) {
                recordAnswer(q.getKey(), value);
                say("noted: " + t(q.getKey()) + " = " + t(value));
                diagnose(true);
                return;
            }
            addPaste(lines, q.getPasteAs() == null ? "paste.txt" : q.getPasteAs(), q.getKey());
            return;
        }
        recordAnswer(q.getKey(), value);
        say("noted: " + t(q.getKey()) + " = " + t(value));
        diagnose(true);
    }

    /** One typed line that looks like command output rather than words (a timestamp, a prompt, brackets). */
    private static boolean looksLikeOutput(String line) {
        return line.matches("^\\s*(\\[|\\d|[A-Z]{3,}\\s|\\S+:\\S*>|PID|USER|top -|Thread|\"|<|\\{).*");
    }

    private static Path pathOrNull(String value) {
        if (value.contains("\n") || value.length() > 4096) {
            return null;
        }
        try {
            Path p = Path.of(value);
            return Files.exists(p) ? p : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void recordAnswer(String question, String value) {
        state.answers.removeIf(a -> a.question().equals(question));
        state.answers.add(new SessionState.AnswerRec(question, value));
    }

    private Set<String> answered() {
        Set<String> s = new HashSet<>();
        state.answers.forEach(a -> s.add(a.question()));
        return s;
    }

    private String seedKeys() {
        return String.join(", ", SEEDS.stream().map(Seed::key).toList());
    }

    /** Answers and step outcomes as facts: what the person told the shell is evidence too. */
    private List<Fact> sessionFacts() {
        List<Fact> facts = new ArrayList<>();
        int line = 0;
        for (SessionState.AnswerRec a : state.answers) {
            line++;
            facts.add(new Answer(
                    "answer:" + line,
                    a.question(),
                    a.value(),
                    new Evidence(
                            SESSION_ARTIFACT,
                            line,
                            line,
                            List.of(new Evidence.QuotedLine(line, a.question() + " = " + a.value())))));
        }
        for (SessionState.StepRec r : state.steps) {
            line++;
            facts.add(new StepOutcome(
                    String.format(Locale.ROOT, "step:%04d", line),
                    r.article(),
                    r.step(),
                    r.title(),
                    r.outcome(),
                    r.note(),
                    new Evidence(
                            SESSION_ARTIFACT,
                            line,
                            line,
                            List.of(new Evidence.QuotedLine(
                                    line,
                                    r.article() + " step " + r.step() + " " + r.outcome()
                                            + (r.note() == null || r.note().isEmpty() ? "" : ": " + r.note()))))));
        }
        return facts;
    }

    private void ensureDiagnosed() {
        if (result == null) {
            result = analyzer.diagnose(parsed, sessionFacts());
            state.findings.clear();
            state.findings.addAll(snapshot(result));
        }
    }

    /** Runs the rules over everything known and shows how the ranking moved. */
    private void diagnose(boolean show) {
        List<SessionState.FindingRec> before = result == null ? List.of() : snapshot(result);
        result = analyzer.diagnose(parsed, sessionFacts());
        List<SessionState.FindingRec> after = snapshot(result);
        state.findings.clear();
        state.findings.addAll(after);
        if (state.focus > Math.max(1, after.size())) {
            state.focus = 1;
        }
        if (show) {
            findings(before);
            questions(false);
        }
    }

    private static List<SessionState.FindingRec> snapshot(AnalysisResult r) {
        List<SessionState.FindingRec> out = new ArrayList<>();
        for (var d : r.findings()) {
            Finding f = d.finding();
            out.add(new SessionState.FindingRec(
                    f.getCause().id(), f.getConfidence(), f.getSignature(), f.getSummary()));
        }
        return out;
    }

    /** The findings, ranked; with {@code before}, each marked new / up / down / and the gone ones listed. */
    private void findings(List<SessionState.FindingRec> before) {
        ensureDiagnosed();
        List<AnalysisResult.Diagnosed> fs = result.findings();
        Map<String, Integer> was = new LinkedHashMap<>();
        Map<String, Double> wasConf = new LinkedHashMap<>();
        if (before != null) {
            for (int i = 0; i < before.size(); i++) {
                was.putIfAbsent(before.get(i).signature(), i + 1);
                wasConf.putIfAbsent(before.get(i).signature(), before.get(i).confidence());
            }
        }
        if (fs.isEmpty()) {
            out.println(paint("1", "Findings:") + " none yet"
                    + (state.inputs.isEmpty()
                            ? " (answers alone never prove a deadlock: the questions below say what would)"
                            : ""));
        } else {
            out.println(paint("1", "Findings") + " (ranked):");
        }
        Set<String> now = new HashSet<>();
        for (int i = 0; i < fs.size(); i++) {
            Finding f = fs.get(i).finding();
            now.add(f.getSignature());
            String mark = "";
            if (before != null) {
                Integer old = was.get(f.getSignature());
                if (old == null) {
                    mark = "  [new]";
                } else if (old > i + 1) {
                    mark = "  [up from " + old + "]";
                } else if (old < i + 1) {
                    mark = "  [down from " + old + "]";
                } else if (Math.abs(wasConf.get(f.getSignature()) - f.getConfidence()) > 1e-9) {
                    mark = String.format(Locale.ROOT, "  [confidence was %.2f]", wasConf.get(f.getSignature()));
                }
            }
            out.println(findingLine(i + 1, f) + paint("33", mark));
            out.println("     " + t(f.getSummary()));
        }
        if (before != null) {
            for (SessionState.FindingRec b : before) {
                if (!now.contains(b.signature())) {
                    out.println(paint("33", "  gone: ") + t(b.cause()) + " (was " + was.get(b.signature()) + ")");
                }
            }
        }
        if (!fs.isEmpty()) {
            out.println("  why N explains a finding; steps walks the fix for finding " + state.focus + ".");
        }
    }

    static String findingLine(int n, Finding f) {
        Evidence e = f.getEvidence().get(0);
        return String.format(
                Locale.ROOT,
                "  %d. %s  %.2f  culprit: %s  [%s]",
                n,
                t(f.getCause().id()),
                f.getConfidence(),
                f.getCulprit() == null ? "-" : t(f.getCulprit().describe()),
                t(e));
    }

    private void why(List<String> args) {
        ensureDiagnosed();
        Integer n = findingNumber(args);
        if (n == null) {
            return;
        }
        Explanations.Why w = explainer.why(result).get(n - 1);
        print(new Explanations(List.of(w), List.of()));
    }

    private void whyNot(List<String> args) throws SQLException {
        ensureDiagnosed();
        if (args.isEmpty()) {
            say("why-not which cause? e.g. why-not lock-order-inversion (Tab lists them)");
            return;
        }
        String cause = args.get(0);
        print(new Explanations(List.of(), List.of(explainer.whyNot(cause, result, kb.forCause(cause)))));
    }

    private void print(Explanations e) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            ExplanationText.write(e, ps, false);
        }
        out.print(buf.toString(StandardCharsets.UTF_8));
    }

    private Integer findingNumber(List<String> args) {
        int count = result.findings().size();
        if (count == 0) {
            say("no findings yet");
            return null;
        }
        if (args.isEmpty()) {
            return 1;
        }
        try {
            int n = Integer.parseInt(args.get(0));
            if (n >= 1 && n <= count) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        say("there is no finding " + t(args.get(0)) + " (1 to " + count + ")");
        return null;
    }

    // ------------------------------------------------------------------ walking the fix

    /** One step of the walk: an article's step, or a follow-up guide's step spliced in after a failure. */
    record WalkStep(String article, int number, Article.Step step, String via) {}

    /** The plan of the focused finding with every follow-up the rules chose spliced in after its failed step. */
    List<WalkStep> walk() throws SQLException {
        ensureDiagnosed();
        if (result.findings().isEmpty()) {
            return List.of();
        }
        AnalysisResult.Diagnosed d = result.findings().get(state.focus - 1);
        if (d.plan() == null) {
            return List.of();
        }
        List<WalkStep> steps = new ArrayList<>();
        addSteps(d.plan(), d.finding(), steps, null, new HashSet<>());
        return steps;
    }

    private void addSteps(Plan plan, Finding f, List<WalkStep> into, String via, Set<String> seen) throws SQLException {
        seen.add(plan.articleId());
        for (int i = 0; i < plan.steps().size(); i++) {
            int number = i + 1;
            into.add(new WalkStep(plan.articleId(), number, plan.steps().get(i), i == 0 ? via : null));
            for (Fact fact : result.facts()) {
                if (fact instanceof FollowUp fu
                        && fu.getArticle().equals(plan.articleId())
                        && fu.getStep() == number
                        && !seen.contains(fu.getGuide())) {
                    Optional<Article> guide = kb.article(fu.getGuide());
                    if (guide.isPresent()) {
                        addSteps(RemediationPlanner.plan(guide.get(), f), f, into, fu.getReason(), seen);
                    }
                }
            }
        }
    }

    private SessionState.StepRec outcome(WalkStep s) {
        SessionState.StepRec last = null;
        for (SessionState.StepRec r : state.steps) {
            if (r.article().equals(s.article()) && r.step() == s.number()) {
                last = r;
            }
        }
        return last;
    }

    private void steps(List<String> args) throws SQLException {
        ensureDiagnosed();
        if (!args.isEmpty()) {
            Integer n = findingNumber(args);
            if (n == null) {
                return;
            }
            state.focus = n;
        }
        if (result.findings().isEmpty()) {
            say("no finding yet, so no plan: answer the open questions or load what they ask for");
            return;
        }
        AnalysisResult.Diagnosed d = result.findings().get(state.focus - 1);
        if (d.plan() == null) {
            say("the knowledge base has no article for "
                    + t(d.finding().getCause().id()));
            return;
        }
        out.println(
                paint("1", "Fix for finding " + state.focus + ": " + t(d.plan().title())));
        List<WalkStep> walk = walk();
        WalkStep current = current(walk);
        for (WalkStep s : walk) {
            SessionState.StepRec r = outcome(s);
            String status = r != null ? r.outcome() : s == current ? "next" : "";
            out.printf(
                    Locale.ROOT,
                    "  %-8s %s%d. %s%n",
                    status.isEmpty() ? "" : "[" + status + "]",
                    s.article().equals(d.plan().articleId()) ? "" : t(s.article()) + " ",
                    s.number(),
                    t(s.step().title()));
        }
        if (current != null) {
            show(current);
        }
    }

    private WalkStep current(List<WalkStep> walk) {
        for (WalkStep s : walk) {
            if (outcome(s) == null) {
                return s;
            }
        }
        return null;
    }

    private void show(WalkStep s) {
        if (s.via() != null) {
            out.println(paint("33", "  Next move: " + t(s.via())));
        }
        out.println(paint(
                "1",
                "Step " + (s.article().equals(focusArticle()) ? "" : t(s.article()) + " ") + s.number() + ": "
                        + t(s.step().title())));
        if (s.step().command() != null) {
            out.println("  Run:");
            for (String l : s.step().command().strip().split("\n")) {
                out.println("    " + t(l));
            }
        }
        if (s.step().expected() != null) {
            out.println("  Expect: " + lines(s.step().expected().strip()));
        }
        if (s.step().verification() != null) {
            out.println("  Verify: " + lines(s.step().verification().strip()));
        }
        if (s.step().safety() != null) {
            out.println("  Safety: " + lines(s.step().safety().strip()));
        }
        if (s.step().rollback() != null) {
            out.println("  Roll back: " + lines(s.step().rollback().strip()));
        }
        out.println("  Then: step done | step failed WHAT HAPPENED | step skip");
    }

    private String focusArticle() {
        if (result == null || result.findings().isEmpty()) {
            return null;
        }
        Plan p = result.findings().get(state.focus - 1).plan();
        return p == null ? null : p.articleId();
    }

    private void step(List<String> args) throws SQLException {
        List<WalkStep> walk = walk();
        if (walk.isEmpty()) {
            say("no plan to walk yet (steps shows why)");
            return;
        }
        WalkStep current = current(walk);
        if (args.isEmpty()) {
            if (current == null) {
                say("every step has been walked; report -o FILE writes what was done");
            } else {
                show(current);
            }
            return;
        }
        String outcome =
                switch (args.get(0).toLowerCase(Locale.ROOT)) {
                    case "done", "ok", "d" -> "done";
                    case "failed", "fail", "f" -> "failed";
                    case "skip", "skipped", "s" -> "skipped";
                    default -> null;
                };
        if (outcome == null) {
            say("step done, step failed WHAT HAPPENED, or step skip");
            return;
        }
        if (current == null) {
            say("every step has been walked already");
            return;
        }
        String note = String.join(" ", args.subList(1, args.size())).strip();
        if (outcome.equals("failed") && note.isEmpty()) {
            out.println("What happened? (one line; it helps choose the next move)");
            out.flush();
            String l = con.readLine("> ");
            note = l == null ? "" : l.strip();
        }
        state.steps.add(new SessionState.StepRec(
                current.article(), current.number(), current.step().title(), outcome, note));
        out.println(
                "  recorded: step " + current.number() + " " + outcome + (note.isEmpty() ? "" : " (" + t(note) + ")"));
        diagnose(false);
        List<WalkStep> next = walk();
        WalkStep nxt = current(next);
        if (outcome.equals("failed") && (nxt == null || nxt.via() == null)) {
            out.println("  no rule has a follow-up for this failure; carry on with the plan, or why-not CAUSE");
        }
        if (nxt == null) {
            say("that was the last step; report -o FILE writes the findings and the steps taken");
        } else {
            show(nxt);
        }
    }

    // ------------------------------------------------------------------ knowledge base, report, sessions

    private void kb(List<String> args) throws SQLException {
        if (args.isEmpty()) {
            say("kb search WORDS, or kb show ID");
            return;
        }
        String sub = args.get(0);
        List<String> rest = args.subList(1, args.size());
        if (sub.equals("search")) {
            List<KnowledgeBase.Hit> hits = kb.search(String.join(" ", rest));
            if (hits.isEmpty()) {
                say("no article mentions all of: " + t(String.join(" ", rest)));
            }
            for (KnowledgeBase.Hit h : hits.stream().limit(10).toList()) {
                out.printf(Locale.ROOT, "  %-28s %s%n", t(h.id()), t(h.title()));
            }
        } else if (sub.equals("show") && !rest.isEmpty()) {
            Optional<Article> a = kb.article(rest.get(0));
            if (a.isEmpty()) {
                say("no article '" + t(rest.get(0)) + "' (kb search WORDS finds one)");
                return;
            }
            Article art = a.get();
            out.println(paint("1", t(RemediationPlanner.generic(art.title()))));
            out.println("Symptom: "
                    + lines(RemediationPlanner.generic(art.symptom()).strip()));
            out.println(
                    "Reason: " + lines(RemediationPlanner.generic(art.reason()).strip()));
            out.println("Solution: "
                    + lines(RemediationPlanner.generic(art.solution()).strip()));
            int i = 0;
            for (Article.Step s : art.steps()) {
                out.println("  " + (++i) + ". " + t(RemediationPlanner.generic(s.title())));
            }
        } else {
            say("kb search WORDS, or kb show ID");
        }
    }

    private void report(List<String> args) throws IOException {
        ensureDiagnosed();
        String format = "text";
        String file = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals("--format") || a.equals("-f")) && i + 1 < args.size()) {
                format = args.get(++i);
            } else if (a.startsWith("--format=")) {
                format = a.substring("--format=".length());
            } else if ((a.equals("-o") || a.equals("--output")) && i + 1 < args.size()) {
                file = args.get(++i);
            } else {
                say("report [--format text|markdown|json|html] [-o FILE]; '" + t(a) + "' is not an option");
                return;
            }
        }
        Renderer.Format fmt = null;
        for (Renderer.Format f : Renderer.Format.values()) {
            if (f.name().equalsIgnoreCase(format)) {
                fmt = f;
            }
        }
        if (fmt == null) {
            say("unknown format '" + t(format) + "'; choose one of: text, markdown, json, html");
            return;
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            Renderer.of(fmt).render(result, null, ps);
            if (fmt == Renderer.Format.TEXT || fmt == Renderer.Format.MARKDOWN) {
                stepsTaken(ps, fmt == Renderer.Format.MARKDOWN);
            }
        }
        if (file == null) {
            out.print(buf.toString(StandardCharsets.UTF_8));
            return;
        }
        try (FileOutputStream fo = new FileOutputStream(file)) {
            buf.writeTo(fo);
        }
        say("wrote the " + t(format.toLowerCase(Locale.ROOT)) + " report to " + t(file));
    }

    private void stepsTaken(PrintStream ps, boolean markdown) {
        if (state.steps.isEmpty() && state.answers.isEmpty()) {
            return;
        }
        ps.println(markdown ? "## Session" : "Session:");
        if (markdown) {
            ps.println();
        }
        java.util.function.UnaryOperator<String> e = markdown ? Markdown::text : Session::t;
        for (SessionState.AnswerRec a : state.answers) {
            ps.println((markdown ? "- answer: " : "  answer: ") + e.apply(a.question()) + " = " + e.apply(a.value()));
        }
        for (SessionState.StepRec r : state.steps) {
            ps.println((markdown ? "- step: " : "  step: ") + e.apply(r.article()) + " " + r.step() + " \""
                    + e.apply(r.title()) + "\" " + e.apply(r.outcome())
                    + (r.note() == null || r.note().isEmpty() ? "" : ": " + e.apply(r.note())));
        }
    }

    private void save() throws SQLException {
        ensureDiagnosed();
        String label = result.findings().isEmpty()
                ? (state.inputs.isEmpty() ? "symptoms only" : "no finding yet")
                : result.findings().get(0).finding().getCause().id();
        long id = store.save(state, label);
        say("saved as session " + id + "; continue it later with: resume " + id + "  (or: lockdoc shell --resume " + id
                + ")");
    }

    private void resume(List<String> args) throws SQLException {
        if (args.isEmpty()) {
            say("resume which session? (sessions lists them)");
            return;
        }
        long id;
        try {
            id = Long.parseLong(args.get(0));
        } catch (NumberFormatException e) {
            say("'" + t(args.get(0)) + "' is not a session number (sessions lists them)");
            return;
        }
        Optional<SessionState> loaded = store.load(id);
        if (loaded.isEmpty()) {
            say("there is no saved session " + id + " (sessions lists them)");
            return;
        }
        SessionState s = loaded.get();
        List<SessionState.FindingRec> saved = List.copyOf(s.findings);
        parsed.clear();
        for (SessionState.Input in : s.inputs) {
            if (in.kind().equals(SessionState.Input.PASTE)) {
                parsed.add(analyzer.parse(List.of(Inputs.bytes(
                        in.name(), (in.content() == null ? "" : in.content()).getBytes(StandardCharsets.UTF_8)))));
            } else {
                Optional<Analyzer.Parsed> p = readPath(in.path());
                if (p.isEmpty()) {
                    say(t(in.name()) + " could not be read again; the session continues without it");
                }
                parsed.add(p.orElse(new Analyzer.Parsed(List.of(), List.of(), List.of())));
            }
        }
        state = s;
        result = null;
        diagnose(false);
        boolean same = saved.stream()
                .map(SessionState.FindingRec::signature)
                .toList()
                .equals(state.findings.stream()
                        .map(SessionState.FindingRec::signature)
                        .toList());
        say("resumed session " + id + ": " + s.inputs.size() + " input(s), " + s.answers.size() + " answer(s), "
                + s.steps.size() + " step(s) recorded"
                + (same ? "" : "; the findings differ from when it was saved (an input changed)"));
        findings(null);
        questions(false);
        List<WalkStep> walk = walk();
        WalkStep cur = current(walk);
        if (cur != null && !s.steps.isEmpty()) {
            show(cur);
        }
    }

    private void sessions() throws SQLException {
        List<SessionStore.Summary> all = store.list();
        if (all.isEmpty()) {
            say("no saved sessions");
        }
        for (SessionStore.Summary s : all) {
            out.printf(
                    Locale.ROOT,
                    "  %4d  %s  %-24s %d input(s), %d answer(s), %d step(s)%n",
                    s.id(),
                    s.updated().toString().substring(0, 19).replace('T', ' '),
                    t(s.label()),
                    s.inputs(),
                    s.answers(),
                    s.steps());
        }
    }

    // ------------------------------------------------------------------ completion (for the terminal front end)

    /** Candidates for the word being typed after {@code command}; {@code index} is its position among the arguments. */
    public List<String> complete(String command, List<String> argsBefore, String word) {
        List<String> out = new ArrayList<>();
        try {
            switch (command) {
                case "why", "steps" -> {
                    int n = result == null ? 0 : result.findings().size();
                    for (int i = 1; i <= n; i++) {
                        out.add(Integer.toString(i));
                    }
                }
                case "why-not" -> {
                    for (Cause c : Cause.values()) {
                        out.add(c.id());
                    }
                }
                case "step" -> {
                    if (argsBefore.isEmpty()) {
                        out.addAll(List.of("done", "failed", "skip"));
                    }
                }
                case "answer" -> {
                    if (argsBefore.isEmpty()) {
                        for (Question q : openQuestions()) {
                            out.add(q.getKey());
                        }
                        for (Seed s : SEEDS) {
                            out.add(s.key());
                        }
                    } else {
                        SEEDS.stream()
                                .filter(s -> s.key().equals(argsBefore.get(0)))
                                .findFirst()
                                .ifPresent(s -> out.addAll(s.choices()));
                        for (Question q : openQuestions()) {
                            if (q.getKey().equals(argsBefore.get(0))) {
                                out.addAll(q.getChoices());
                            }
                        }
                        if (out.isEmpty()) {
                            out.addAll(paths(word));
                        }
                    }
                }
                case "load" -> out.addAll(paths(word));
                case "report" -> {
                    String prev = argsBefore.isEmpty() ? "" : argsBefore.get(argsBefore.size() - 1);
                    if (prev.equals("--format")) {
                        out.addAll(List.of("text", "markdown", "json", "html"));
                    } else if (prev.equals("-o") || prev.equals("--output")) {
                        out.addAll(paths(word));
                    } else {
                        out.addAll(List.of("--format", "-o"));
                    }
                }
                case "kb" -> {
                    if (argsBefore.isEmpty()) {
                        out.addAll(List.of("search", "show"));
                    } else if (argsBefore.get(0).equals("show")) {
                        out.addAll(kb.ids());
                    }
                }
                case "resume" -> {
                    for (SessionStore.Summary s : store.list()) {
                        out.add(Long.toString(s.id()));
                    }
                }
                default -> {}
            }
        } catch (SQLException | RuntimeException e) {
            // completion must never break the line being typed
        }
        return out.stream().filter(c -> c.startsWith(word)).toList();
    }

    /** File names under the folder of the word typed so far (folders end with a slash). */
    static List<String> paths(String word) {
        List<String> out = new ArrayList<>();
        int slash = word.lastIndexOf('/');
        String dir = slash < 0 ? "" : word.substring(0, slash + 1);
        Path base = Path.of(dir.isEmpty() ? "." : dir);
        if (!Files.isDirectory(base)) {
            return out;
        }
        try (var s = Files.list(base)) {
            s.sorted().limit(500).forEach(p -> out.add(dir + p.getFileName() + (Files.isDirectory(p) ? "/" : "")));
        } catch (IOException | RuntimeException e) {
            // an unreadable folder offers nothing
        }
        return out;
    }

    // ------------------------------------------------------------------ helpers

    /** Splits a command line into words; double or single quotes keep spaces. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        if (line == null) {
            return out;
        }
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean in = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                in = true;
            } else if (Character.isWhitespace(c)) {
                if (in) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    in = false;
                }
            } else {
                cur.append(c);
                in = true;
            }
        }
        if (in) {
            out.add(cur.toString());
        }
        return out;
    }

    /** A value from the input (or typed), as the terminal may show it: control characters visible. */
    static String t(Object o) {
        return Terminal.escape(String.valueOf(o));
    }

    /** A kb text of several lines: each line escaped, the line ends kept. */
    private static String lines(String s) {
        return String.join(
                "\n", java.util.Arrays.stream(s.split("\n", -1)).map(Session::t).toList());
    }

    private void say(String s) {
        out.println(s);
        out.flush();
    }

    private String paint(String code, String text) {
        return con.colour() && !text.isEmpty() ? "\u001B[" + code + "m" + text + "\u001B[0m" : text;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The findings as they stand (for tests and the front end). */
    AnalysisResult result() {
        ensureDiagnosed();
        return result;
    }

    SessionState state() {
        return state;
    }

    @Override
    public void close() throws SQLException {
        try {
            store.close();
        } finally {
            kb.close();
        }
    }
}
