namespace Beads.Cli;

/// <summary>A failure to report to the user: what went wrong and how to fix it, a stable code, an exit code.</summary>
public sealed class CliException(int exitCode, string code, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
    public string Code { get; } = code;

    public static CliException Usage(string message) => new(ExitCodes.Usage, "usage", message);
    public static CliException Refused(string code, string message) => new(ExitCodes.Refused, code, message);
    public static CliException Unreachable(string message) => new(ExitCodes.Unreachable, "host_unreachable", message);
    public static CliException Interrupted(string message) => new(ExitCodes.Interrupted, "interrupted", message);
}

/// <summary>Exit codes scripts can rely on.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The tracker refused the command (unknown id, conflict, invalid value...); nothing changed.</summary>
    public const int Refused = 1;
    /// <summary>The command line itself is wrong (unknown flag, missing argument).</summary>
    public const int Usage = 2;
    /// <summary>No host answered, or it could not reach its storage; retrying later may work.</summary>
    public const int Unreachable = 3;
    /// <summary>Ctrl-C (SIGINT) stopped bd before the host answered, as a shell reports it (128 + 2).</summary>
    public const int Interrupted = 130;
}
