using System.Security.Cryptography;
using Beads.Protocol;

namespace Beads.Actors.Jsonl;

/// <summary>
/// A rig's <c>issues.jsonl</c> as Beads writes it: whole lines in id order, replaced atomically, and known by the
/// SHA-256 of its content, which is how Beads tells its own output from a file someone else changed.
/// </summary>
/// <param name="WrapWrites">Lets a test put a faulty stream between the writer and the temporary file.</param>
public sealed record JsonlFile(string Path, Func<Stream, Stream>? WrapWrites = null)
{
    public static JsonlFile In(string homeDirectory) => new(BeadsFolder.JsonlIn(homeDirectory));

    public string Folder => System.IO.Path.GetDirectoryName(Path)!;

    /// <summary>Replaces the file with these lines (temporary file, fsync, rename) and returns the content's hash.</summary>
    /// <param name="beforeReplace">Given the content's hash once it is written, before the new file takes the old one's place.</param>
    public byte[] Write(IEnumerable<JsonlLine> lines, Action<byte[]>? beforeReplace = null)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[]? written = null;
        // The stream is AtomicFile's: it flushes it to disk, closes it and renames it after this returns. One pass:
        // each line is hashed as the writer takes it.
        AtomicFile.Write(Path, stream =>
        {
            JsonlWriter.WriteLines(Hashed(lines, hash), WrapWrites?.Invoke(stream) ?? stream);
            written = hash.GetHashAndReset();
            beforeReplace?.Invoke(written);
        });
        return written!;
    }

    /// <summary>The hash <see cref="Write"/> would return for these lines, without writing anything.</summary>
    public static byte[] HashOf(IEnumerable<JsonlLine> lines)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var line in lines) Append(hash, line);
        return hash.GetHashAndReset();
    }

    public static byte[] HashOf(ReadOnlySpan<byte> content) => SHA256.HashData(content);

    private static IEnumerable<JsonlLine> Hashed(IEnumerable<JsonlLine> lines, IncrementalHash hash)
    {
        foreach (var line in lines)
        {
            Append(hash, line);
            yield return line;
        }
    }

    /// <summary>A line as the file holds it: its bytes and a newline.</summary>
    private static void Append(IncrementalHash hash, JsonlLine line)
    {
        hash.AppendData(line.Utf8.Span);
        hash.AppendData("\n"u8);
    }
}

/// <summary>A file's modification time and length: cheap to read, and a change there may be someone else's write.</summary>
public readonly record struct FileStamp(DateTime WrittenAt, long Length)
{
    /// <summary>The stamp of the file at <paramref name="path"/>; null when there is none.</summary>
    public static FileStamp? Of(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? new FileStamp(file.LastWriteTimeUtc, file.Length) : null;
    }
}
