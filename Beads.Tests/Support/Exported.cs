using Beads.Actors.Jsonl;
using Beads.Protocol;

namespace Beads.Tests.Support;

internal static class Exported
{
    /// <summary>The <c>issues.jsonl</c> a full export of <paramref name="issues"/> writes.</summary>
    public static byte[] Jsonl(IEnumerable<Issue> issues)
    {
        using var file = new MemoryStream();
        JsonlWriter.WriteIssues(issues, file);
        return file.ToArray();
    }
}
