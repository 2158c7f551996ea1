using Beads.Protocol;

namespace Beads.Host;

/// <summary>
/// This host's hold on its data directory (see <see cref="DataDirectory"/>): an exclusive lock on host.lock, released
/// by the system when the process ends however it ends, so that two hosts never write one embedded store at once.
/// The directory is made private to its owner (0700): it holds the store and the gateway token.
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly FileStream _lock;

    private DataDirectoryLock(FileStream held) => _lock = held;

    /// <summary>Takes the directory for this process, answering on <paramref name="socket"/>; refuses when another host holds it.</summary>
    public static DataDirectoryLock Acquire(string directory, string socket)
    {
        Directory.CreateDirectory(directory, Private);
        File.SetUnixFileMode(directory, Private);
        FileStream held;
        try
        {
            // On Unix, .NET takes an exclusive flock for FileShare.None, which the system drops with the process.
            held = new FileStream(DataDirectory.LockFile(directory), new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (IOException)
        {
            var holder = DataDirectory.Holder(directory);
            throw new HostStartException(
                $"another Beads host{(holder is null ? "" : $" (pid {holder.ProcessId}, answering on {holder.Socket})")} already runs on " +
                $"the data directory {directory}: bd finds it there, or stop it with `bd host stop`; two hosts on one " +
                "directory would write one store at once. Give this one another --data-dir (or BEADS_DATA_DIR)");
        }
        var holderFile = DataDirectory.HolderFile(directory);
        var temporary = $"{holderFile}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, DataDirectory.HolderText(new DataDirectoryHolder(Environment.ProcessId, socket)));
        File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, holderFile, overwrite: true);
        return new DataDirectoryLock(held);
    }

    public void Dispose() => _lock.Dispose();
}

/// <summary>The host cannot start for a reason its message explains, with what to change.</summary>
public sealed class HostStartException(string message) : Exception(message);
