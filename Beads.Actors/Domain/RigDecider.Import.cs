using System.Collections.Immutable;
using System.Text;
using Beads.Actors.Jsonl;
using Beads.Protocol;

namespace Beads.Actors.Domain;

public static partial class RigDecider
{
    /// <summary>
    /// A merge by id in which the newest updated_at wins, so that importing the same file twice, or an older export
    /// after newer work here, changes nothing. Issues come in whole, under the rules a command applies
    /// (<see cref="ImportRules"/>); one that breaks one is refused with its reason, and so is the whole import.
    /// One event per issue taken keeps every journal row the size of one issue, however large the file.
    /// </summary>
    private static Result<Decision> Import(RigState state, ImportIssues command, DateTimeOffset now)
    {
        if (Unimportable(command.Issues) is { } refusal) return refusal;
        IReadOnlyList<Issue> issues = command.RenamePrefix ? [.. command.Issues.Select(issue => ImportRules.Renamed(issue, state.Prefix))] : command.Issues;
        var weighed = Weigh(state, issues, elsewhereInFile: new HashSet<string>(), command.Actor, now);
        if (weighed.Refused.Count > 0)
        {
            var (index, reason) = weighed.Refused.OrderBy(r => r.Key).First();
            var more = weighed.Refused.Count > 1 ? $" (and {weighed.Refused.Count - 1} more)" : "";
            return IssueValidation.Invalid($"issue {index + 1} of the {command.Issues.Count} to import: {reason}{more}; nothing was imported");
        }
        return weighed.Decision;
    }

    /// <summary>What an import of <paramref name="issues"/> would do, and which of them (by index) it refuses, and why.</summary>
    private sealed record Weighed(Decision Decision, IReadOnlyDictionary<int, string> Refused);

    /// <summary>
    /// Checks each issue by <see cref="ImportRules"/> (until no refusal leaves another issue's edge pointing at
    /// nothing), then merges the rest in order, refusing an issue whose edges would close a cycle with those taken
    /// before it. <paramref name="elsewhereInFile"/> are ids of the file's other pieces that this piece's edges name.
    /// </summary>
    private static Weighed Weigh(RigState state, IReadOnlyList<Issue> issues, IReadOnlySet<string> elsewhereInFile,
        string actor, DateTimeOffset now)
    {
        var refused = new Dictionary<int, string>();
        bool changed;
        do
        {
            var inImport = issues.Where((_, index) => !refused.ContainsKey(index)).Select(issue => issue.Id).ToHashSet(StringComparer.Ordinal);
            bool Exists(string id) => inImport.Contains(id) || elsewhereInFile.Contains(id) || state.Find(id) is not null;
            changed = false;
            for (var index = 0; index < issues.Count; index++)
            {
                if (refused.ContainsKey(index) || ImportRules.Problem(state, issues[index], Exists, now) is not { } problem) continue;
                refused[index] = problem;
                changed = true;
            }
        } while (changed);

        var events = ImmutableList.CreateBuilder<IRigEvent>();
        var skipped = ImmutableList.CreateBuilder<string>();
        var (created, updated, unchanged) = (0, 0, 0);
        // An id may come twice in one import: the later copy is weighed against the earlier one, not the rig's.
        var after = state;
        for (var index = 0; index < issues.Count; index++)
        {
            if (refused.ContainsKey(index)) continue;
            var incoming = issues[index];
            var current = after.Find(incoming.Id);
            if (current is null && after.Deleted.TryGetValue(incoming.Id, out var deletedAt) && incoming.UpdatedAt <= deletedAt)
            {
                skipped.Add(incoming.Id); // deleted here since that copy was made: it does not come back
                continue;
            }
            if (current is not null && incoming.UpdatedAt <= current.UpdatedAt)
            {
                if (incoming.UpdatedAt == current.UpdatedAt && JsonlWriter.Serialize(incoming).HasSameBytes(JsonlWriter.Serialize(current)))
                    unchanged++;
                else
                    skipped.Add(incoming.Id);
                continue;
            }
            if (ImportRules.ClosesCycle(after, incoming) is { } cycle)
            {
                refused[index] = cycle;
                continue;
            }
            if (current is null) created++;
            else updated++;
            var imported = new IssueImported(incoming, now, actor);
            events.Add(imported);
            after = after.Apply(imported);
        }
        var result = new ImportResult(created, updated, unchanged, skipped.ToImmutable());
        return new Weighed(new Decision(events.ToImmutable(), _ => result), refused);
    }

    /// <summary>
    /// bd import: lines of a JSONL file, read here so that every client reports bad lines alike, by their number in the
    /// whole file. Lines that cannot be read, or hold an issue the rules refuse, stop the import unless the command
    /// says to skip them; a dry run counts what would happen. A chunk is at most a few hundred kilobytes (bd sends big
    /// files in pieces), a few milliseconds of reading.
    /// </summary>
    private static Result<Decision> ImportLines(RigState state, ImportJsonl command, DateTimeOffset now)
    {
        var read = JsonlReader.Read(Encoding.UTF8.GetBytes(command.Lines));
        IReadOnlyList<Issue> issues = command.RenamePrefix ? [.. read.Issues.Select(issue => ImportRules.Renamed(issue, state.Prefix))] : read.Issues;
        var elsewhere = command.RenamePrefix ? command.ElsewhereInFile.Select(id => ImportRules.Renamed(id, state.Prefix)) : command.ElsewhereInFile;
        var weighed = Weigh(state, issues, elsewhere.ToHashSet(StringComparer.Ordinal), command.Actor, now);
        ImmutableList<BadJsonlLine> badLines =
        [
            .. read.BadLines.Select(bad => (bad.LineNumber, bad.Reason))
                .Concat(weighed.Refused.Select(refusal => (LineNumber: read.IssueLineNumbers[refusal.Key], Reason: refusal.Value)))
                .OrderBy(bad => bad.LineNumber)
                .Select(bad => new BadJsonlLine(bad.LineNumber + command.FirstLineNumber - 1, bad.Reason)),
        ];
        var others = read.OtherRecords.Count;
        if (!badLines.IsEmpty && !command.SkipBadLines && !command.DryRun)
            return Decision.Unchanged(new ImportResult(0, 0, 0, []) { BadLines = badLines, OtherRecords = others });
        var decision = weighed.Decision;
        return decision with
        {
            Reply = after => (ImportResult)decision.Reply(after) with
            {
                BadLines = badLines, OtherRecords = others, DryRun = command.DryRun,
            },
        };
    }

    /// <summary>The refusal for an import holding an issue that no rig could keep: one without an id or a title.</summary>
    private static Rejected? Unimportable(ImmutableList<Issue> issues)
    {
        for (var index = 0; index < issues.Count; index++)
        {
            var issue = issues[index];
            if (string.IsNullOrWhiteSpace(issue.Id))
                return IssueValidation.Invalid(
                    $"issue {index + 1} of the {issues.Count} to import has no id: give every issue its id; nothing was imported");
            if (string.IsNullOrWhiteSpace(issue.Title))
                return IssueValidation.Invalid(
                    $"issue {issue.Id} has no title: give it one before importing; nothing was imported");
        }
        return null;
    }
}
