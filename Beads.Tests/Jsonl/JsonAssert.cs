using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace Beads.Tests.Jsonl;

/// <summary>Compares JSONL texts the way beads compatibility is defined: the same JSON values, line by line, whatever
/// the key order and whitespace.</summary>
internal static class JsonAssert
{
    public static void SameLines(string expected, string actual)
    {
        var expectedLines = Lines(expected);
        var actualLines = Lines(actual);
        Assert.Equal(expectedLines.Count, actualLines.Count);
        var differences = expectedLines.Zip(actualLines)
            .Select((pair, index) => (Number: index + 1, Expected: pair.Item1, Actual: pair.Item2))
            .Where(line => !JsonNode.DeepEquals(JsonNode.Parse(line.Expected), JsonNode.Parse(line.Actual)))
            .Select(line => $"line {line.Number}:\n  expected {line.Expected}\n  actual   {line.Actual}")
            .Take(3)
            .ToList();
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    public static void SameLines(byte[] expected, byte[] actual) =>
        SameLines(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));

    private static List<string> Lines(string text) =>
        [.. text.Split('\n').Where(line => !string.IsNullOrWhiteSpace(line))];
}
