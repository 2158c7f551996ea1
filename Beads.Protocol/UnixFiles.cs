using System.Runtime.InteropServices;

namespace Beads.Protocol;

/// <summary>
/// What .NET's file APIs do not tell: who owns a file, which file a path names right now (its device and inode), where
/// its links lead, and who this process runs as.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public static class UnixFiles
{
    /// <summary>The owner's uid where the system can tell (Linux statx), else null; of a link itself unless <paramref name="followLinks"/>.</summary>
    public static uint? Owner(string path, bool followLinks) =>
        Statx(path, followLinks, StatxUid) is { } buffer ? BitConverter.ToUInt32(buffer, StxUidOffset) : null;

    /// <summary>
    /// The file <paramref name="path"/> names now, as its device and inode, or null when it does not exist (or the
    /// system cannot tell): a file deleted and made again, or replaced by a rename, has another.
    /// </summary>
    public static (ulong Device, ulong Inode)? Identity(string path) =>
        Statx(path, followLinks: true, StatxIno) is { } buffer
            ? (((ulong)BitConverter.ToUInt32(buffer, StxDevMajorOffset) << 32) | BitConverter.ToUInt32(buffer, StxDevMinorOffset),
                BitConverter.ToUInt64(buffer, StxInoOffset))
            : null;

    private static byte[]? Statx(string path, bool followLinks, uint mask)
    {
        if (!OperatingSystem.IsLinux()) return null;
        var buffer = new byte[256]; // struct statx: the same layout on every Linux architecture
        try
        {
            return StatxNative(AtCurrentDirectory, path, followLinks ? 0 : AtSymlinkNoFollow, mask, buffer) == 0 ? buffer : null;
        }
        catch (EntryPointNotFoundException)
        {
            return null; // a C library without statx (glibc before 2.28)
        }
    }

    public static uint EffectiveUser => GetEffectiveUser();

    /// <summary>The path with every link in it resolved (realpath), or null when it does not exist.</summary>
    public static string? RealPath(string path)
    {
        var resolved = RealPathNative(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero) return null;
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }

    private const int AtCurrentDirectory = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxUid = 0x8;
    private const uint StatxIno = 0x100;
    private const int StxUidOffset = 20; // after stx_mask, stx_blksize (u32 each), stx_attributes (u64), stx_nlink (u32)
    private const int StxInoOffset = 32; // after stx_uid, stx_gid (u32 each), stx_mode and a spare (u16 each)
    private const int StxDevMajorOffset = 136; // after the size, blocks, attribute mask, four timestamps and rdev
    private const int StxDevMinorOffset = 140;

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int StatxNative(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUser();

    [DllImport("libc", EntryPoint = "realpath", SetLastError = true)]
    private static extern IntPtr RealPathNative([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

    [DllImport("libc", EntryPoint = "free")]
    private static extern void Free(IntPtr pointer);
}
