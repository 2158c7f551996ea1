using System.Text;
using System.Text.Json;
using Beads.Protocol;

namespace Beads.Cli.Output;

/// <summary>A query's rows as a JSON array of objects, or as text: an aligned table, or CSV (RFC 4180) with --csv.</summary>
public sealed class SqlOutput(SqlResult result, bool csv) : ICliOutput
{
    public void WriteText(TextWriter text)
    {
        if (csv) Csv();
        else Table(text);
    }

    private void Table(TextWriter text)
    {
        var header = result.Columns.Select(column => (column, Terminal.Bold(column))).ToArray();
        var rows = result.Rows.Select(row => row.Select(value => OneLine(Text(value) ?? "NULL")).Select(text => (text, text)).ToArray()).ToList();
        var widths = Terminal.ColumnWidths([header, .. rows]);
        var output = new StringBuilder();
        Terminal.AppendRow(output, header, widths);
        Terminal.AppendRow(output, [.. widths.Select(width => new string('-', width)).Select(dashes => (dashes, Terminal.Dim(dashes)))], widths);
        foreach (var row in rows) Terminal.AppendRow(output, row, widths);
        output.Append(Terminal.Dim($"({rows.Count} {(rows.Count == 1 ? "row" : "rows")})")).Append('\n');
        text.Write(output.ToString());
    }

    private void Csv()
    {
        var output = new StringBuilder();
        output.AppendJoin(',', result.Columns.Select(Quoted)).Append("\r\n");
        foreach (var row in result.Rows)
            output.AppendJoin(',', row.Select(value => Text(value) is { } text ? Quoted(text) : "")).Append("\r\n");
        // Data, like JSON and JSONL: the values exactly as stored, not the human output's visible controls.
        using var stdout = new StreamWriter(Console.OpenStandardOutput());
        stdout.Write(output.ToString());
    }

    public void WriteJson(Utf8JsonWriter json) =>
        BeadsJson.Array(json, result.Rows, (w, row) =>
        {
            w.WriteStartObject();
            for (var c = 0; c < result.Columns.Count; c++)
            {
                w.WritePropertyName(result.Columns[c]);
                row[c].WriteTo(w);
            }
            w.WriteEndObject();
        });

    /// <summary>A value as plain text (JSON's own text for numbers and booleans); null for SQL NULL.</summary>
    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };

    /// <summary>Multi-line text stays on one line of the table, its breaks shown as ↵.</summary>
    private static string OneLine(string text) => text.Replace("\r\n", "↵").Replace('\n', '↵');

    private static string Quoted(string text) =>
        text.IndexOfAny([',', '"', '\r', '\n']) < 0 ? text : $"\"{text.Replace("\"", "\"\"")}\"";
}
