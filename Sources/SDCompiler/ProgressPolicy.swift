/// When and how a progress line is drawn (ProgressTicker in the executable draws it).
public enum ProgressPolicy {
    /// Only when both stdout and stderr are terminals and `--quiet` was not given: a redirected
    /// stream is a log or a pipe, where a line redrawn with carriage returns is noise.
    public static func enabled(quiet: Bool, stdoutIsTerminal: Bool, stderrIsTerminal: Bool) -> Bool {
        !quiet && stdoutIsTerminal && stderrIsTerminal
    }

    /// Erases the current terminal line (carriage return, ANSI "erase in line").
    public static let clear = "\r\u{1B}[K"

    /// One redraw of the line.
    public static func frame(_ counts: CompileProgress.Counts) -> String { clear + CompileProgress.line(counts) }
}
