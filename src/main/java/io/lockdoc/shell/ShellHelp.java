package io.lockdoc.shell;

import java.io.PrintWriter;

/** lockdoc's own list of commands: for {@code help} and for a command it does not know. */
final class ShellHelp {
    private ShellHelp() {}

    static void print(PrintWriter out) {
        out.println("Start from anything: answer a few questions, load files, or paste what a command printed.");
        out.println("  symptoms                 answer the first questions (no files needed)");
        out.println("  load PATH                read a file, a folder or an archive (Ctrl-C cancels); loads add up");
        out.println("  paste [NAME]             paste command output; end it with an empty line");
        out.println("  questions                what the rules still need, with the command that tells it");
        out.println("  answer [Q] [VALUE|PATH]  answer question Q (number or key): a choice, a file, or paste");
        out.println("  facts                    what is loaded and known");
        out.println("  diagnose                 run the rules again and show how the ranking changed");
        out.println("  findings                 the current findings");
        out.println("  why N / why-not CAUSE    the rule and facts behind finding N / what CAUSE lacks");
        out.println("  steps [N]                the fix for finding N (default: the first), step by step");
        out.println("  step [done|failed|skip] [NOTE]  show the current step, or record how it went");
        out.println("  kb search WORDS / kb show ID     the knowledge base");
        out.println("  report [--format text|markdown|json|html] [-o FILE]");
        out.println("  save / resume ID / sessions      keep the session and continue it later");
        out.println("  exit");
    }
}
