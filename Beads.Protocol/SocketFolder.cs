using System.Runtime.InteropServices;

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
        if (OwnerOf(folder) is { } owner && owner != EffectiveUser())
            return $"the socket folder {folder} belongs to another user (uid {owner}), who could answer in the host's place: remove it, or set XDG_RUNTIME_DIR to a folder of your own";
        var mode = File.GetUnixFileMode(folder);
        if ((mode & OpenToOthers) != 0)
            return $"the socket folder {folder} is open to other users (mode {Convert.ToString((int)mode, 8)}), who could put a host of their own there: `chmod 700 {folder}`, or remove it";
        return null;
    }

    /// <summary>The owner's uid where the system can tell (Linux statx), else null.</summary>
    private static uint? OwnerOf(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        var buffer = new byte[256]; // struct statx: the same layout on every Linux architecture
        try
        {
            if (Statx(AtCurrentDirectory, path, AtSymlinkNoFollow, StatxUid, buffer) != 0) return null;
        }
        catch (EntryPointNotFoundException)
        {
            return null; // a C library without statx (glibc before 2.28)
        }
        return BitConverter.ToUInt32(buffer, StxUidOffset);
    }

    private static uint EffectiveUser() => GetEffectiveUser();

    private const int AtCurrentDirectory = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxUid = 0x8;
    private const int StxUidOffset = 20; // after stx_mask, stx_blksize (u32 each), stx_attributes (u64), stx_nlink (u32)

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUser();
}
