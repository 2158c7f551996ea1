using Beads.Actors.Jsonl;
using Beads.Protocol;

namespace Beads.Tests.Support;

internal static class Exported
{
    /// <summary>The <c>issues.jsonl</c> a rig of <paramref name="issues"/> flushes: each issue's line, in file order.</summary>
    public static byte[] Jsonl(IEnumerable<Issue> issues)
    {
        using var file = new MemoryStream();
        JsonlWriter.WriteLines(Lines(issues), file);
        return file.ToArray();
    }

    /// <summary>Each issue's line, in file order, as a flush writes them.</summary>
    public static IEnumerable<JsonlLine> Lines(IEnumerable<Issue> issues) =>
        issues.OrderBy(issue => issue.Id, JsonlWriter.FileOrder).Select(JsonlWriter.Serialize);
}
