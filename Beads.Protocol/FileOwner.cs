using System.Runtime.InteropServices;

namespace Beads.Protocol;

/// <summary>Who owns a file, and who this process runs as: what .NET's file APIs do not tell.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public static class FileOwner
{
    /// <summary>The owner's uid where the system can tell (Linux statx), else null; of a link itself unless <paramref name="followLinks"/>.</summary>
    public static uint? Of(string path, bool followLinks)
    {
        if (!OperatingSystem.IsLinux()) return null;
        var buffer = new byte[256]; // struct statx: the same layout on every Linux architecture
        try
        {
            if (Statx(AtCurrentDirectory, path, followLinks ? 0 : AtSymlinkNoFollow, StatxUid, buffer) != 0) return null;
        }
        catch (EntryPointNotFoundException)
        {
            return null; // a C library without statx (glibc before 2.28)
        }
        return BitConverter.ToUInt32(buffer, StxUidOffset);
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
    private const int StxUidOffset = 20; // after stx_mask, stx_blksize (u32 each), stx_attributes (u64), stx_nlink (u32)

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUser();

    [DllImport("libc", EntryPoint = "realpath", SetLastError = true)]
    private static extern IntPtr RealPathNative([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

    [DllImport("libc", EntryPoint = "free")]
    private static extern void Free(IntPtr pointer);
}
