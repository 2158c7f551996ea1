using System.Buffers;
using System.Text;
using Beads.Actors.Domain;
using Beads.Protocol;

namespace Beads.Actors.Jsonl;

/// <summary>
/// bd export, a page at a time: the rig's issues in id order as beads' lines, cut after about the asked size so that no
/// message grows with the rig. Each page comes from the state current when it is asked for. Wisps are left out unless
/// asked for, as beads leaves them out (they must not reach git or other tools: beads' GH#3649).
/// </summary>
public static class JsonlPages
{
    /// <summary>The most a page holds whatever is asked: well inside what cluster messages carry.</summary>
    public const int MaxPageBytes = 1 << 20;

    public static JsonlPage Page(RigState state, ExportIssues query)
    {
        var exported = state.Issues.Values.Where(issue => query.IncludeEphemeral || !IssueFlags.IsEphemeral(issue)).ToList();
        var ids = exported
            .Where(issue => query.AfterId is null || string.CompareOrdinal(issue.Id, query.AfterId) > 0)
            .Select(issue => issue.Id)
            .Order(StringComparer.Ordinal)
            .ToList();
        var limit = Math.Clamp(query.MaxBytes, 1, MaxPageBytes);
        var buffer = new ArrayBufferWriter<byte>();
        var count = 0;
        string? next = null;
        foreach (var id in ids)
        {
            buffer.Write(JsonlWriter.Serialize(state.Issues[id]).Utf8.Span);
            buffer.Write("\n"u8);
            count++;
            if (buffer.WrittenCount < limit || count == ids.Count) continue;
            next = id;
            break;
        }
        return new JsonlPage(Encoding.UTF8.GetString(buffer.WrittenSpan), count, next, exported.Count);
    }
}
