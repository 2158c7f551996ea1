namespace Beads.Protocol;

/// <summary>Who holds a data directory: the host's process id and the socket it answers on.</summary>
public sealed record DataDirectoryHolder(int ProcessId, string Socket);

/// <summary>
/// A host's data directory (its embedded store and its gateway token): <c>--data-dir</c>, else <c>BEADS_DATA_DIR</c>,
/// else the user's data folder. One host at a time runs on it: the host holds an exclusive lock on
/// <c>host.lock</c> for its whole life and writes who it is into <c>host.pid</c>, where bd finds the host that runs on
/// the directory, whatever socket its own environment (<c>XDG_RUNTIME_DIR</c>) would have guessed.
/// </summary>
public static class DataDirectory
{
    public const string Variable = "BEADS_DATA_DIR";

    /// <summary>The directory named by <paramref name="flag"/>, else by <see cref="Variable"/>, else the user's default.</summary>
    public static string Resolve(string? flag = null)
    {
        var named = flag ?? (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null);
        return Path.GetFullPath(named ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData,
            Environment.SpecialFolderOption.Create), "beads"));
    }

    public static string LockFile(string directory) => Path.Combine(directory, "host.lock");

    public static string HolderFile(string directory) => Path.Combine(directory, "host.pid");

    /// <summary>The host that last took <paramref name="directory"/>, as it wrote itself down; null when none did.</summary>
    public static DataDirectoryHolder? Holder(string directory)
    {
        try
        {
            var lines = File.ReadAllLines(HolderFile(directory));
            return lines.Length >= 2 && int.TryParse(lines[0], out var pid) && lines[1].Length > 0 ? new DataDirectoryHolder(pid, lines[1]) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>What <see cref="Holder"/> reads back.</summary>
    public static string HolderText(DataDirectoryHolder holder) => $"{holder.ProcessId}\n{holder.Socket}\n";
}
