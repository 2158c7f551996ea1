using System.Text.Json;
using System.Text.Json.Nodes;

namespace Beads.Cli.Output;

/// <summary>
/// A command's answer. The command builds it; <see cref="Invocation.Print"/> renders it, as JSON with <c>--json</c>
/// and as text otherwise, so that a command holds neither JSON writing nor console output of its own.
/// </summary>
public interface ICliOutput
{
    void WriteJson(Utf8JsonWriter json);

    void WriteText(TextWriter text);
}

/// <summary>An answer whose JSON is the record itself, through the source-generated <see cref="OutputJsonContext"/>.</summary>
public abstract record RecordOutput<TSelf> : ICliOutput where TSelf : RecordOutput<TSelf>
{
    public virtual void WriteJson(Utf8JsonWriter json) => JsonSerializer.Serialize(json, (TSelf)this, OutputJsonContext.Info<TSelf>());

    public abstract void WriteText(TextWriter text);
}

/// <summary>A small answer whose JSON is built as a node (beads' ad hoc maps: bd kv, bd remember), with its text.</summary>
public sealed class JsonObjectOutput(JsonNode json, string text) : ICliOutput
{
    public void WriteJson(Utf8JsonWriter writer) => json.WriteTo(writer);

    public void WriteText(TextWriter writer)
    {
        if (text.Length > 0) writer.WriteLine(text);
    }
}

/// <summary>
/// A list in one of beads' issue shapes, which <see cref="BeadsJson"/> writes field by field (beads' order and
/// omitempty rules), with its text form.
/// </summary>
public sealed class ListOutput<T>(IReadOnlyList<T> items, Action<Utf8JsonWriter, T> writeItem, Action<TextWriter, IReadOnlyList<T>> writeText)
    : ICliOutput
{
    public void WriteJson(Utf8JsonWriter json) => BeadsJson.Array(json, items, writeItem);

    public void WriteText(TextWriter text) => writeText(text, items);
}
