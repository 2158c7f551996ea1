using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Beads.Protocol;

namespace Beads.Actors.Jsonl;

/// <summary>
/// Writes beads' <c>.beads/issues.jsonl</c>: one issue per line, in ordinal id order, each line as beads' Go encoder
/// would write it (<see cref="IssueJsonWriter"/>). Thread-safe: each thread serialises with its own buffers.
/// </summary>
public static class JsonlWriter
{
    /// <summary>
    /// Go escapes &lt;, &gt; and &amp; as \u003c and the like; the relaxed encoder writes them, and all non-ASCII text,
    /// as plain UTF-8, which every JSON reader (beads included) reads as the same values, and is faster to write.
    /// SkipValidation: <see cref="IssueJsonWriter"/> writes well-formed objects by construction.
    /// </summary>
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private const byte NewLine = (byte)'\n';

    [ThreadStatic] private static ArrayBufferWriter<byte>? _lineBuffer;
    [ThreadStatic] private static Utf8JsonWriter? _lineWriter;

    /// <summary>The order of the file's lines: by id, ordinally, as beads sorts them (<c>bd-B</c>, <c>bd-a.10</c>, <c>bd-a.9</c>, <c>bd-b</c>).</summary>
    public static readonly StringComparer FileOrder = StringComparer.Ordinal;

    public static JsonlLine Serialize(Issue issue)
    {
        var buffer = _lineBuffer ??= new ArrayBufferWriter<byte>(4096);
        var writer = _lineWriter ??= new Utf8JsonWriter(buffer, Options);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        IssueJsonWriter.Write(writer, issue);
        writer.Flush();
        return new JsonlLine(issue.Id, buffer.WrittenSpan.ToArray());
    }

    /// <summary>A flush: lines kept from earlier serialisations and new ones, in file order, written as given.</summary>
    public static void WriteLines(IEnumerable<JsonlLine> lines, Stream destination)
    {
        foreach (var line in lines)
        {
            destination.Write(line.Utf8.Span);
            destination.WriteByte(NewLine);
        }
    }
}
