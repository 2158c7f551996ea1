namespace Beads.Protocol;

/// <summary>
/// Replaces a file so that readers, and a crash at any moment, see either the old content or the new, never a part:
/// the new content goes to a temporary file in the same folder (so the rename stays on one file system), is forced to
/// disk, then renamed over the target in one step.
/// </summary>
public static class AtomicFile
{
    /// <summary>A temporary file younger than this may belong to a write still under way, and is left alone.</summary>
    private static readonly TimeSpan LeftoverAge = TimeSpan.FromSeconds(30);

    public static void Write(string path, Action<Stream> write) =>
        WriteAsync(path, stream =>
        {
            write(stream);
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();

    /// <summary>The same, for content that is written as it arrives (bd export, page by page).</summary>
    public static async Task WriteAsync(string path, Func<Stream, Task> write)
    {
        var target = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(target)!, $"{TemporaryPrefix(target)}{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                await write(stream);
                // Without this the rename could reach the disk before the data, and a crash would leave an empty file.
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Removes the temporary files that a process killed in the middle of <see cref="Write"/> left beside
    /// <paramref name="path"/> (as large as the file each time); how many it removed.
    /// </summary>
    public static int RemoveLeftovers(string path)
    {
        var target = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(folder)) return 0;
        var removed = 0;
        foreach (var leftover in Directory.EnumerateFiles(folder, $"{TemporaryPrefix(target)}*.tmp"))
        {
            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(leftover) < LeftoverAge) continue;
            File.Delete(leftover);
            removed++;
        }
        return removed;
    }

    private static string TemporaryPrefix(string target) => $".{Path.GetFileName(target)}.";
}
