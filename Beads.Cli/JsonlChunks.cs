using System.Text;

namespace Beads.Cli;

/// <summary>A piece of a JSONL file that goes to the host in one message: whole lines, and the number of the first one.</summary>
public sealed record JsonlChunk(string Text, int FirstLine, long End);

/// <summary>
/// Cuts a JSONL file into pieces of about <see cref="ChunkBytes"/> at line ends, so that no message grows with the
/// file (cluster messages have a size limit) and a progress bar can move; the host numbers bad lines from
/// <see cref="JsonlChunk.FirstLine"/>, so they are reported by their line in the whole file.
/// </summary>
public static class JsonlChunks
{
    public const int ChunkBytes = 256 * 1024;

    public static List<JsonlChunk> Of(byte[] content, int chunkBytes = ChunkBytes)
    {
        var chunks = new List<JsonlChunk>();
        var (start, line) = (0, 1);
        while (start < content.Length)
        {
            var end = EndOfChunk(content, start, chunkBytes);
            var piece = content.AsSpan(start, end - start);
            chunks.Add(new JsonlChunk(Encoding.UTF8.GetString(piece), line, end));
            line += piece.Count((byte)'\n');
            start = end;
        }
        return chunks;
    }

    /// <summary>Just after the last line end within the limit; a single longer line makes a chunk of its own.</summary>
    private static int EndOfChunk(byte[] content, int start, int chunkBytes)
    {
        if (content.Length - start <= chunkBytes) return content.Length;
        var lastNewLine = content.AsSpan(start, chunkBytes).LastIndexOf((byte)'\n');
        if (lastNewLine >= 0) return start + lastNewLine + 1;
        var nextNewLine = content.AsSpan(start).IndexOf((byte)'\n');
        return nextNewLine < 0 ? content.Length : start + nextNewLine + 1;
    }
}
