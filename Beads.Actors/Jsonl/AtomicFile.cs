namespace Beads.Actors.Jsonl;

/// <summary>
/// Replaces a file so that readers, and a crash at any moment, see either the old content or the new, never a part:
/// the new content goes to a temporary file in the same folder (so the rename stays on one file system), is forced to
/// disk, then renamed over the target in one step.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        var target = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                write(stream);
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
}
