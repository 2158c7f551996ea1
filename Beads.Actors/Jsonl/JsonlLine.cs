namespace Beads.Actors.Jsonl;

/// <summary>
/// One issue's line of <c>issues.jsonl</c> as UTF-8, without its newline. A flush keeps these by id and re-serialises
/// only the issues that changed, then rewrites the file by concatenating the lines in id order.
/// </summary>
/// <param name="Utf8">Never changed after creation; compare contents with <see cref="HasSameBytes"/>, not Equals.</param>
public sealed record JsonlLine(string Id, ReadOnlyMemory<byte> Utf8)
{
    public bool HasSameBytes(JsonlLine other) => Utf8.Span.SequenceEqual(other.Utf8.Span);
}
