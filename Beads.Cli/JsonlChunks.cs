using System.Text;
using System.Text.Json;

namespace Beads.Cli;

/// <summary>
/// A piece of a JSONL file that goes to the host in one message: whole lines, the number of the first one, and the ids
/// of issues in the file's other pieces that its lines' dependencies name (so that the host, which sees one piece at a
/// time, can tell an edge to a later piece from an edge to nothing).
/// </summary>
public sealed record JsonlChunk(string Text, int FirstLine, long End)
{
    public IReadOnlyList<string> ElsewhereInFile { get; init; } = [];
}

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
        var pieces = new List<(JsonlChunk Chunk, Links Links)>();
        var (start, line) = (0, 1);
        while (start < content.Length)
        {
            var end = EndOfChunk(content, start, chunkBytes);
            var piece = content.AsMemory(start, end - start);
            pieces.Add((new JsonlChunk(Encoding.UTF8.GetString(piece.Span), line, end), pieces.Count == 0 && end == content.Length ? Links.None : LinksOf(piece)));
            line += piece.Span.Count((byte)'\n');
            start = end;
        }
        if (pieces.Count < 2) return [.. pieces.Select(p => p.Chunk)];
        var everyId = pieces.SelectMany(p => p.Links.Ids).ToHashSet(StringComparer.Ordinal);
        return [.. pieces.Select(p => p.Chunk with
        {
            ElsewhereInFile = [.. p.Links.Targets.Where(target => everyId.Contains(target) && !p.Links.Ids.Contains(target))],
        })];
    }

    /// <summary>The ids of a piece's issues and the ids their dependencies point at.</summary>
    private sealed record Links(HashSet<string> Ids, HashSet<string> Targets)
    {
        public static readonly Links None = new([], []);
    }

    /// <summary>Reads each line just for its id and its dependencies' targets; a line that is not JSON is the host's to report.</summary>
    private static Links LinksOf(ReadOnlyMemory<byte> piece)
    {
        var links = new Links(new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
        foreach (var range in piece.Span.Split((byte)'\n'))
        {
            var line = piece[range];
            if (line.Span.Trim(" \t\r"u8).IsEmpty) continue;
            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object) continue;
                if (root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String) links.Ids.Add(id.GetString()!);
                if (!root.TryGetProperty("dependencies", out var dependencies) || dependencies.ValueKind != JsonValueKind.Array) continue;
                foreach (var dependency in dependencies.EnumerateArray())
                {
                    if (dependency.ValueKind == JsonValueKind.Object && dependency.TryGetProperty("depends_on_id", out var target) &&
                        target.ValueKind == JsonValueKind.String)
                        links.Targets.Add(target.GetString()!);
                }
            }
            catch (JsonException)
            {
                // reported, with its line number, by the host
            }
        }
        return links;
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
