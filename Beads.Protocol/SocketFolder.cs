namespace Beads.Protocol;

/// <summary>
/// The folder that holds the Unix socket bd and its host share. It must be private to its user: mode 0700, owned by
/// them, and not a link, since whoever can write there can put a socket of their own in the host's place, answer bd
/// and read every command it sends (a shared <c>/tmp</c> lets anyone make <c>/tmp/beads-$USER</c> first). bd and the
/// host both create it so and refuse one that is not.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public static class SocketFolder
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OpenToOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
                                              UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates <paramref name="folder"/> private when it is missing; what is wrong with it, or null when it is private.</summary>
    public static string? Problem(string folder)
    {
        if (!Directory.Exists(folder) && !File.Exists(folder)) Directory.CreateDirectory(folder, Private);
        var info = new DirectoryInfo(folder);
        if (info.LinkTarget is not null)
            return $"the socket folder {folder} is a link (to {info.LinkTarget}): remove it, or set XDG_RUNTIME_DIR to a folder of your own";
        if (UnixFiles.Owner(folder, followLinks: false) is { } owner && owner != UnixFiles.EffectiveUser)
            return $"the socket folder {folder} belongs to another user (uid {owner}), who could answer in the host's place: remove it, or set XDG_RUNTIME_DIR to a folder of your own";
        var mode = File.GetUnixFileMode(folder);
        if ((mode & OpenToOthers) != 0)
            return $"the socket folder {folder} is open to other users (mode {Convert.ToString((int)mode, 8)}), who could put a host of their own there: `chmod 700 {folder}`, or remove it";
        return null;
    }
}
