using Beads.Actors.Configuration;
using Beads.Protocol;
using Microsoft.Extensions.Logging;

namespace Beads.Host.Gateway;

/// <summary>
/// The embedded store's file as the host opened it. SQLite keeps writing to a file that was deleted or replaced under
/// it (its open descriptors still name the old one), so every write would be acknowledged and then lost with the
/// host; the gateway asks this watch before a command and again before it acknowledges one, and refuses writes for
/// good once the path names another file or none. A server store has nothing to watch here.
/// </summary>
public sealed class StoreFileWatch
{
    private readonly string? _file;
    private readonly (ulong Device, ulong Inode)? _opened;
    private readonly ILogger _log;
    private string? _lost;

    private StoreFileWatch(string? file, ILogger log)
    {
        _file = file;
        _opened = file is null ? null : UnixFiles.Identity(file);
        _log = log;
    }

    /// <summary>A watch of <paramref name="storage"/>'s file as it is now (call it once the store is prepared).</summary>
    public static StoreFileWatch For(StorageBackend storage, ILogger log) =>
        new(storage is StorageBackend.Embedded embedded ? embedded.DatabaseFile : null, log);

    /// <summary>Why this host can no longer keep a write, or null while its store file is the one it opened.</summary>
    public string? Problem()
    {
        if (_lost is not null || _file is null || _opened is null) return _lost;
        var now = UnixFiles.Identity(_file);
        if (now == _opened) return null;
        var what = now is null ? "was deleted" : "was replaced by another file";
        _lost = $"the store {_file} {what} while this host ran: it writes to the file it opened, which no restart " +
                "finds, so it takes no more changes. Stop it (`bd host stop`), put the file back from a backup or " +
                "remove the data directory's beads.db* files, and start again; each rig's .beads/issues.jsonl holds " +
                "its issues up to its last flush (`bd import` brings them back)";
        _log.LogError("{Problem}", _lost);
        return _lost;
    }
}
